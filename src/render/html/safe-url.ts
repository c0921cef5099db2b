// Defence in depth: links that come from settings or content (social accounts, author
// pages) are checked again on render, so a `javascript:` or `data:` URL that slipped past
// validation can never reach a page. Site-relative paths pass unchanged.
const allowedSchemes = new Set(['http:', 'https:', 'mailto:']);

export function safeHref(href: string): string {
  const trimmed = href.trim();
  if (trimmed.startsWith('/') && !trimmed.startsWith('//')) return trimmed;
  try {
    return allowedSchemes.has(new URL(trimmed).protocol) ? trimmed : '#';
  } catch {
    return '#';
  }
}

/** An absolute URL for a site-relative path (or an already absolute URL). */
export function absoluteUrl(siteUrl: string, href: string): string {
  return new URL(href, `${siteUrl}/`).href;
}
