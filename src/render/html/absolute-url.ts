/** An absolute URL for a site-relative path (or an already absolute URL). */
export function absoluteUrl(siteUrl: string, href: string): string {
  return new URL(href, `${siteUrl}/`).href;
}
