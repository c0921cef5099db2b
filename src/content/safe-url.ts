// The one link rule for story bodies, applied when HTML is imported and again when a
// document is rendered, so a link stored by an older version (or written by hand into
// the database) still cannot run script. SECURITY.md: no `javascript:` or `data:text`
// URL ever reaches a page.

const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

// WHATWG URL parsing strips tabs and newlines anywhere and C0 controls at the ends, so
// `java\tscript:` is `javascript:` to a browser. Rather than re-implement that, any
// control character makes the whole value unsafe.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/**
 * The href to emit, or null when the link must be dropped. Allows `http:`, `https:`,
 * `mailto:`, site-relative paths (`/…`, but not `//host` or `/\host`, which browsers
 * treat as another origin) and fragments (`#…`). Everything else is refused,
 * including scheme-less relative paths, whose meaning depends on the page's URL.
 */
export function safeHref(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const href = raw.trim();
  if (href === '' || CONTROL.test(href)) return null;
  if (href.startsWith('#')) return href;
  if (href.startsWith('/')) return /^\/[/\\]/.test(href) ? null : href;
  const scheme = SCHEME.exec(href)?.[1]?.toLowerCase();
  if (scheme === undefined || !ALLOWED_SCHEMES.has(`${scheme}:`)) return null;
  // A URL browsers cannot parse (`https://`, a space in the host) is no link at all.
  return URL.canParse(href) ? href : null;
}

/** Links that leave the site get `rel="noopener noreferrer"`. */
export function isExternalHref(href: string): boolean {
  return /^https?:/i.test(href);
}
