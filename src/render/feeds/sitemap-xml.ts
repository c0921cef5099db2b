import { xmlText } from './xml-text.js';

// Sitemaps (https://www.sitemaps.org/protocol.html) with Google's image and news
// extensions, in parts so the HTTP layer can stream tens of thousands of URLs.

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const IMAGE_NS = 'http://www.google.com/schemas/sitemap-image/1.1';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The protocol's limit per sitemap file. */
export const MAX_SITEMAP_URLS = 50_000;

export function sitemapIndexStart(): string {
  return `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n`;
}

export function sitemapIndexEntry(entry: { loc: string; lastmod: string | null }): string {
  return `<sitemap><loc>${xmlText(entry.loc)}</loc>${entry.lastmod ? `<lastmod>${xmlText(entry.lastmod)}</lastmod>` : ''}</sitemap>\n`;
}

export function sitemapIndexEnd(): string {
  return '</sitemapindex>\n';
}

export function urlsetStart({ news }: { news: boolean }): string {
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:image="${IMAGE_NS}"${news ? ` xmlns:news="${NEWS_NS}"` : ''}>\n`;
}

export interface SitemapUrlView {
  loc: string;
  lastmod: string | null;
  /** Absolute image URLs shown on the page (the lead image). */
  images: string[];
}

export function urlEntry(url: SitemapUrlView): string {
  return (
    `<url><loc>${xmlText(url.loc)}</loc>${url.lastmod ? `<lastmod>${xmlText(url.lastmod)}</lastmod>` : ''}` +
    url.images.map((image) => `<image:image><image:loc>${xmlText(image)}</image:loc></image:image>`).join('') +
    '</url>\n'
  );
}

export interface NewsUrlView {
  loc: string;
  publicationName: string;
  /** The publication's locale, e.g. "en-US"; Google wants ISO 639 ("en", or "zh-cn"/"zh-tw"). */
  locale: string;
  publishedAt: string;
  title: string;
  images: string[];
}

export function newsLanguage(locale: string): string {
  const lower = locale.toLowerCase();
  if (lower === 'zh-cn' || lower === 'zh-tw') return lower;
  return lower.split(/[-_]/)[0] || 'en';
}

export function newsEntry(url: NewsUrlView): string {
  return (
    `<url><loc>${xmlText(url.loc)}</loc><news:news><news:publication>` +
    `<news:name>${xmlText(url.publicationName)}</news:name><news:language>${xmlText(newsLanguage(url.locale))}</news:language>` +
    `</news:publication><news:publication_date>${xmlText(url.publishedAt)}</news:publication_date>` +
    `<news:title>${xmlText(url.title)}</news:title></news:news>` +
    url.images.map((image) => `<image:image><image:loc>${xmlText(image)}</image:loc></image:image>`).join('') +
    '</url>\n'
  );
}

export function urlsetEnd(): string {
  return '</urlset>\n';
}
