// XML 1.0 text and attribute escaping. Characters XML 1.0 forbids (most C0 controls,
// lone surrogates, U+FFFE/FFFF) are dropped: one stray control character in a story
// would otherwise make the whole feed or sitemap unreadable to a strict parser.

const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes what XML 1.0 cannot carry at all, escaping nothing (for CDATA). */
export function xmlChars(value: string): string {
  return value.replace(FORBIDDEN, '');
}

export function xmlText(value: string): string {
  return xmlChars(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** RFC 822 dates, as RSS 2.0 requires ("Sat, 07 Sep 2002 09:42:31 GMT"). */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}
