// Which `content/images/…` entry of a Ghost zip a URL names. Stories name images as
// `__GHOST_URL__/content/images/…`, as resolved paths (`/content/images/…`) or as absolute
// URLs on the old site, possibly installed under a sub-path (`/blog/content/images/…`).

const IMAGES = 'content/images/';
/** Ghost's resized copies (`size/w600/`, `size/w600h400/format/webp/`) are never in an export. */
const RESIZED = /^size\/w\d+(?:h\d+)?\/(?:format\/[a-z0-9]+\/)?/;

export function imageEntryName(url: string, exists: (name: string) => boolean): string | null {
  const pathname = pathOf(url.trim().replace(/^__GHOST_URL__/, ''));
  if (pathname === null) return null;
  // Any host is accepted: the export does not say which was the site's, and only a path the
  // zip actually holds is ever served.
  const at = pathname.indexOf(`/${IMAGES}`);
  if (at < 0) return null;
  const relative = pathname.slice(at + 1 + IMAGES.length);
  if (relative.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) return null;
  const exact = `${IMAGES}${relative}`;
  if (exists(exact)) return exact;
  const original = `${IMAGES}${relative.replace(RESIZED, '')}`;
  return exists(original) ? original : null;
}

function pathOf(reference: string): string | null {
  try {
    const url = new URL(reference, 'http://relative.invalid/');
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}
