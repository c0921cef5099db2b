// Slugs are the public keys of stories, sections, tags and authors: they appear in URLs,
// feeds and bundles, so the rule is strict and the same everywhere.

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 120;

/** Story slugs live at the site root, so they must not shadow a route (SPEC §4). */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'admin',
  'api',
  'section',
  'tag',
  'author',
  'latest',
  'search',
  'newsletter',
  'media',
  'assets',
  'feed',
  'feed.xml',
  'feed.json',
  'sitemap',
  'sitemap.xml',
  'sitemaps',
  'news-sitemap',
  'news-sitemap.xml',
  'robots',
  'robots.txt',
  'healthz',
  'favicon.ico',
  'preview',
]);

export function isValidSlug(slug: string): boolean {
  return slug.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(slug);
}

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug);
}

/** "Élysée talks: day 2" → "elysee-talks-day-2" */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, '');
}
