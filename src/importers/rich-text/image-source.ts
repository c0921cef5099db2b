// The rule for an imported `<img src>`. The value is never written into a page: it only
// names a file for the caller's resolver (htmlToDocument's `images`), which maps it to a
// media library id. Still, nothing that could run or carry content (`javascript:`,
// `data:`, `blob:`) gets even that far.

// As in content/safe-url.ts: URL parsing ignores tabs and newlines anywhere, so any
// control character makes the value unusable rather than guessing what it meant.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/**
 * The src to hand to the resolver, or null to drop the image: an http(s) URL, or a
 * reference without a scheme (`/wp-content/…`, `//cdn.example/…`, `images/a.jpg`) that the
 * caller resolves against the old site's address.
 */
export function safeImageSrc(raw: string | undefined): string | null {
  const src = raw?.trim() ?? '';
  if (src === '' || CONTROL.test(src) || src.startsWith('#')) return null;
  const scheme = SCHEME.exec(src)?.[1]?.toLowerCase();
  if (scheme === undefined) return src;
  return (scheme === 'http' || scheme === 'https') && URL.canParse(src) ? src : null;
}
