import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedparser, xmllintProblems } from '../helpers/feed-consumers.js';
import { get } from '../helpers/http.js';
import { engines, referenceBundle, repoRoot, startMasthead, type Masthead } from '../helpers/server.js';

// Feeds and sitemaps as their real consumers read them (issue 5): feedparser without
// bozo errors, JSON Feed 1.1 against its schema, sitemaps against the sitemaps.org XSDs.

interface DemoArticle {
  slug: string;
  title: string;
  tags: string[];
  sections: string[];
  authors: string[];
  image?: string;
  published_at: string;
  updated_at?: string;
  updates?: Array<{ at: string }>;
}
const fixture = JSON.parse(await readFile(referenceBundle, 'utf8')) as { articles: DemoArticle[] };
const jsonFeedSchema = JSON.parse(
  await readFile(path.join(repoRoot, 'test', 'fixtures', 'feeds', 'json-feed-1.1.schema.json'), 'utf8'),
) as object;
const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateJsonFeed = ajv.compile(jsonFeedSchema);

const scopes: Array<[string, string, (a: DemoArticle) => boolean]> = [
  ['the site', '', () => true],
  ['a section', '/section/europe', (a) => a.sections.includes('europe')],
  ['a tag', '/tag/lena-marsh', (a) => a.tags.includes('lena-marsh')],
  ['an author', '/author/jane-okafor', (a) => a.authors.includes('jane-okafor')],
];
const updated = fixture.articles.find((a) => a.updated_at)!;
const noSeconds = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe.each(engines())('feeds and sitemaps on %s', (engine) => {
  let site: Masthead;
  /** A story published an hour ago, so the news sitemap has something whatever today's date. */
  const fresh = {
    slug: 'fresh-ceasefire-talks-resume',
    title: 'Ceasefire talks resume in Istanbul',
    // A dek is plain text: markup in it must reach feed readers as text, never as HTML.
    dek: 'Envoys return <img src=x onerror=alert(1)> to the table',
    published_at: new Date(Date.now() - 3600_000).toISOString(),
  };

  beforeAll(async () => {
    site = await startMasthead({ engine, bundle: referenceBundle });
    const dir = await mkdtemp(path.join(tmpdir(), 'masthead-fresh-'));
    const bundle = path.join(dir, 'bundle.json');
    await writeFile(
      bundle,
      JSON.stringify({
        articles: [
          {
            ...fresh,
            sections: ['europe'],
            tags: [],
            authors: ['jane-okafor'],
            status: 'published',
            body: { format: 'markdown', source: 'Delegations met again on Tuesday.' },
          },
        ],
      }),
    );
    const imported = await site.cli(['import', bundle]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(async () => {
    await site?.stop();
  });

  it.each(scopes)('serves an RSS 2.0 feed of %s that feedparser reads without a bozo error', async (_name, base, included) => {
    const response = await get(site.url, `${base}/feed.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/rss\+xml/);
    const feed = feedparser(response.body);
    expect(feed.bozo_exception).toBeNull();
    expect(feed.bozo).toBe(false);
    expect(feed.version).toBe('rss20');
    const expected = fixture.articles.filter(included).map((a) => a.slug);
    const slugs = feed.entries.map((e) => new URL(e.link).pathname.slice(1));
    for (const slug of expected.slice(0, 50)) expect(slugs).toContain(slug);
    for (const entry of feed.entries) {
      expect(entry.content[0]).toMatch(/<p>/);
      expect(entry.authors.length).toBeGreaterThan(0);
    }
  });

  it('sends a dek with markup in it as text in RSS, even to a reader that does not sanitize', async () => {
    const feed = feedparser((await get(site.url, '/feed.xml')).body, { sanitize: false });
    const entry = feed.entries.find((e) => new URL(e.link).pathname === `/${fresh.slug}`);
    expect(entry?.summary).toContain('Envoys return &lt;img src=x onerror=alert(1)&gt; to the table');
    expect(entry?.summary).not.toMatch(/<img/i);
  });

  it("carries the lead image as an enclosure and media:content, and an updated story's update time", async () => {
    const feed = feedparser((await get(site.url, '/feed.xml')).body);
    const withImage = feed.entries.find((e) => e.link.endsWith(`/${fixture.articles.find((a) => a.image)!.slug}`))!;
    expect(withImage.enclosures[0]?.type).toBe('image/jpeg');
    expect(withImage.media[0]).toBe(withImage.enclosures[0]?.href);
    expect((await get(site.url, new URL(withImage.enclosures[0]!.href).pathname)).status).toBe(200);
    const entry = feed.entries.find((e) => e.link.endsWith(`/${updated.slug}`))!;
    expect(entry.published).toBe(noSeconds(updated.published_at));
    expect(entry.updated).toBe(noSeconds(updated.updated_at!));
  });

  it.each(scopes)('serves a JSON Feed 1.1 of %s that its schema accepts', async (_name, base) => {
    const response = await get(site.url, `${base}/feed.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/feed\+json/);
    const feed = JSON.parse(response.body) as {
      items: Array<{ url: string; date_modified?: string; content_html?: string; image?: string }>;
    };
    expect(validateJsonFeed(feed), JSON.stringify(validateJsonFeed.errors)).toBe(true);
    expect(feed.items.length).toBeGreaterThan(0);
  });

  it('gives an updated story its date_modified in JSON Feed', async () => {
    const feed = JSON.parse((await get(site.url, '/feed.json')).body) as {
      items: Array<{ url: string; date_modified?: string; content_html?: string }>;
    };
    const item = feed.items.find((i) => i.url.endsWith(`/${updated.slug}`))!;
    expect(noSeconds(item.date_modified!)).toBe(noSeconds(updated.updated_at!));
    expect(item.content_html).toMatch(/<p>/);
  });

  it.each(['/feed.xml', '/feed.json', '/sitemap.xml', '/news-sitemap.xml', '/sitemaps/stories-1.xml'])(
    'answers a conditional GET of %s with 304',
    async (feedPath) => {
      const first = await get(site.url, feedPath);
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      expect(etag).toMatch(/^"/);
      expect(lastModified).toMatch(/GMT$/);
      const byTag = await get(site.url, feedPath, { headers: { 'If-None-Match': etag } });
      expect(byTag.status).toBe(304);
      expect(byTag.body).toBe('');
      expect((await get(site.url, feedPath, { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304);
      expect((await get(site.url, feedPath, { headers: { 'If-Modified-Since': 'Mon, 01 Jan 2001 00:00:00 GMT' } })).status).toBe(200);
      expect((await get(site.url, feedPath, { headers: { 'If-None-Match': '"something-else"' } })).status).toBe(200);
    },
  );

  it.each([
    '/section/no-such-section/feed.xml',
    '/tag/no-such-tag/feed.json',
    '/author/no-such-author/feed.xml',
    '/feed.atom',
    '/section/europe/feed.rss',
    '/sitemaps/stories-2.xml',
    '/sitemaps/stories-0.xml',
    '/sitemaps/other.xml',
  ])('answers the unknown feed or sitemap path %s with 404', async (unknown) => {
    expect((await get(site.url, unknown)).status).toBe(404);
  });

  it('serves a sitemap index that the sitemaps.org schema accepts, naming every sitemap with a lastmod', async () => {
    const index = await get(site.url, '/sitemap.xml');
    expect(index.status).toBe(200);
    expect(xmllintProblems(index.body, 'siteindex.xsd')).toBe('');
    const locs = [...index.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
    expect(locs).toEqual(['/sitemaps/pages.xml', '/sitemaps/stories-1.xml']);
    expect(index.body.match(/<lastmod>/g)).toHaveLength(2);
  });

  it('lists every visible story once, with lastmod and its lead image, in a sitemap the schemas accept', async () => {
    const stories = await get(site.url, '/sitemaps/stories-1.xml');
    expect(xmllintProblems(stories.body, 'urlset-with-extensions.xsd')).toBe('');
    const locs = [...stories.body.matchAll(/<url><loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname.slice(1));
    expect(locs.sort()).toEqual([...fixture.articles.map((a) => a.slug), fresh.slug].sort());
    expect(stories.body.match(/<lastmod>/g)).toHaveLength(locs.length);
    expect(stories.body.match(/<image:image>/g)).toHaveLength(fixture.articles.filter((a) => a.image).length);
    const pages = await get(site.url, '/sitemaps/pages.xml');
    expect(xmllintProblems(pages.body, 'urlset-with-extensions.xsd')).toBe('');
    expect(pages.body).toContain('/section/europe</loc>');
    expect(pages.body).toContain('/tag/lena-marsh</loc>');
  });

  it('serves a Google News sitemap of the last 48 hours only, which the schemas accept', async () => {
    const news = await get(site.url, '/news-sitemap.xml');
    expect(xmllintProblems(news.body, 'urlset-with-extensions.xsd')).toBe('');
    const since = Date.now() - 48 * 3600_000;
    const expected = [fresh, ...fixture.articles].filter((a) => Date.parse(a.published_at) >= since).map((a) => a.slug);
    const locs = [...news.body.matchAll(/<url><loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname.slice(1));
    expect(locs.sort()).toEqual(expected.sort());
    expect(news.body).toContain(`<news:title>${fresh.title}</news:title>`);
    expect(news.body).toContain('<news:language>en</news:language>');
  });

  it('names both sitemaps in robots.txt', async () => {
    const robots = await get(site.url, '/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(robots.body).toContain(`Sitemap: ${site.url}/sitemap.xml`);
    expect(robots.body).toContain(`Sitemap: ${site.url}/news-sitemap.xml`);
  });
});
