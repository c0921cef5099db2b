import { imageView } from '../media/image-view.js';
import {
  MAX_SITEMAP_URLS,
  newsEntry,
  sitemapIndexEnd,
  sitemapIndexEntry,
  sitemapIndexStart,
  urlEntry,
  urlsetEnd,
  urlsetStart,
} from '../render/feeds/sitemap-xml.js';
import { absoluteUrl } from '../render/html/absolute-url.js';
import { findMediaByIds } from '../store/media/media-lookup.js';
import {
  countVisibleStories,
  keyBefore,
  recentStories,
  sitemapBatch,
  sitemapPageStamp,
  type SitemapStoryRow,
} from '../store/stories/visible-story-walk.js';
import { publishedPageSlugs } from '../store/pages/page-repository.js';
import { listingSlugs } from '../store/taxonomy/taxonomy-by-slug.js';
import type { ReaderDeps } from './page-result.js';
import { etagOf, type StreamedDocument } from './streamed-document.js';

// /sitemap.xml (an index), /sitemaps/pages.xml (front page, listings and static pages),
// /sitemaps/stories-{n}.xml (at most 50,000 stories each, oldest first),
// /news-sitemap.xml (Google News: the last 48 hours) and /robots.txt naming them.

const XML = 'application/xml; charset=utf-8';
const BATCH = 1_000;
const NEWS_WINDOW_MS = 48 * 3600 * 1000;
/** Google News reads at most 1,000 URLs a news sitemap. */
const NEWS_LIMIT = 1_000;

export const storySitemapPath = (page: number) => `/sitemaps/stories-${page}.xml`;

async function imagesOf(deps: ReaderDeps, rows: SitemapStoryRow[]): Promise<Map<number, string>> {
  const media = await findMediaByIds(
    deps.db,
    rows.flatMap((r) => (r.image_id ? [r.image_id] : [])),
  );
  const urls = new Map<number, string>();
  for (const m of media) {
    const view = imageView(m);
    if (view) urls.set(m.id, absoluteUrl(deps.basics.publication.siteUrl, view.src));
  }
  return urls;
}

const lastChange = (row: SitemapStoryRow) => (row.updated_at && row.updated_at > row.published_at ? row.updated_at : row.published_at);

export async function sitemapIndex(deps: ReaderDeps): Promise<StreamedDocument> {
  const total = await countVisibleStories(deps.db, deps.now);
  const pages = Math.max(1, Math.ceil(total / MAX_SITEMAP_URLS));
  const stamps: Array<string | null> = [];
  for (let page = 1; page <= pages; page++) {
    stamps.push(await sitemapPageStamp(deps.db, { now: deps.now, offset: (page - 1) * MAX_SITEMAP_URLS, limit: MAX_SITEMAP_URLS }));
  }
  const site = deps.basics.publication.siteUrl;
  const newest = stamps.reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null);
  return {
    contentType: XML,
    etag: etagOf('sitemap-index', site, total, ...stamps),
    lastModified: newest,
    body: async function* body() {
      yield sitemapIndexStart();
      yield sitemapIndexEntry({ loc: absoluteUrl(site, '/sitemaps/pages.xml'), lastmod: newest });
      for (let page = 1; page <= pages; page++)
        yield sitemapIndexEntry({ loc: absoluteUrl(site, storySitemapPath(page)), lastmod: stamps[page - 1] ?? null });
      yield sitemapIndexEnd();
    },
  };
}

export async function storySitemap(deps: ReaderDeps, page: number): Promise<StreamedDocument | null> {
  const total = await countVisibleStories(deps.db, deps.now);
  const pages = Math.max(1, Math.ceil(total / MAX_SITEMAP_URLS));
  if (page < 1 || page > pages) return null;
  const offset = (page - 1) * MAX_SITEMAP_URLS;
  const stamp = await sitemapPageStamp(deps.db, { now: deps.now, offset, limit: MAX_SITEMAP_URLS });
  const site = deps.basics.publication.siteUrl;
  return {
    contentType: XML,
    etag: etagOf('stories', site, page, total, stamp),
    lastModified: stamp,
    body: async function* body() {
      yield urlsetStart({ news: false });
      let after = await keyBefore(deps.db, { now: deps.now, offset });
      for (let written = 0; written < MAX_SITEMAP_URLS;) {
        const rows = await sitemapBatch(deps.db, { now: deps.now, after, limit: Math.min(BATCH, MAX_SITEMAP_URLS - written) });
        if (!rows.length) break;
        const images = await imagesOf(deps, rows);
        yield rows
          .map((row) =>
            urlEntry({
              loc: absoluteUrl(site, `/${row.slug}`),
              lastmod: lastChange(row),
              images: row.image_id && images.has(row.image_id) ? [images.get(row.image_id)!] : [],
            }),
          )
          .join('');
        written += rows.length;
        const last = rows[rows.length - 1]!;
        after = { publishedAt: last.published_at, id: last.id };
      }
      yield urlsetEnd();
    },
  };
}

export async function pagesSitemap(deps: ReaderDeps): Promise<StreamedDocument> {
  const [{ tags, authors }, pages] = await Promise.all([listingSlugs(deps.db), publishedPageSlugs(deps.db)]);
  const site = deps.basics.publication.siteUrl;
  const paths = [
    '/',
    '/latest',
    ...deps.basics.sections.map((s) => `/section/${s.slug}`),
    ...tags.map((t) => `/tag/${t}`),
    ...authors.map((a) => `/author/${a}`),
    ...pages.map((slug) => `/${slug}`),
  ];
  return {
    contentType: XML,
    etag: etagOf('pages', site, ...paths),
    lastModified: null,
    body: async function* body() {
      yield urlsetStart({ news: false });
      yield paths.map((path) => urlEntry({ loc: absoluteUrl(site, path), lastmod: null, images: [] })).join('');
      yield urlsetEnd();
    },
  };
}

export async function newsSitemap(deps: ReaderDeps): Promise<StreamedDocument> {
  const since = new Date(Date.parse(deps.now) - NEWS_WINDOW_MS).toISOString();
  const rows = await recentStories(deps.db, { now: deps.now, since, limit: NEWS_LIMIT });
  const images = await imagesOf(deps, rows);
  const { publication } = deps.basics;
  const newest = rows.reduce<string | null>((a, row) => (!a || lastChange(row) > a ? lastChange(row) : a), null);
  return {
    contentType: XML,
    etag: etagOf('news', publication.siteUrl, publication.name, ...rows.map((r) => `${r.id}:${lastChange(r)}:${r.title}`)),
    lastModified: newest,
    body: async function* body() {
      yield urlsetStart({ news: true });
      for (const row of rows) {
        yield newsEntry({
          loc: absoluteUrl(publication.siteUrl, `/${row.slug}`),
          publicationName: publication.name,
          locale: publication.locale,
          publishedAt: row.published_at,
          title: row.title,
          images: row.image_id && images.has(row.image_id) ? [images.get(row.image_id)!] : [],
        });
      }
      yield urlsetEnd();
    },
  };
}

export function robotsTxt(siteUrl: string): string {
  return [
    'User-agent: *',
    'Disallow: /admin',
    'Disallow: /api/',
    // Result pages for arbitrary queries are not content worth crawling.
    'Disallow: /search',
    '',
    `Sitemap: ${absoluteUrl(siteUrl, '/sitemap.xml')}`,
    `Sitemap: ${absoluteUrl(siteUrl, '/news-sitemap.xml')}`,
    '',
  ].join('\n');
}
