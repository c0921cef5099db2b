import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $$, attr, parseHtml, text } from '../helpers/dom.js';
import { get } from '../helpers/http.js';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// What search engines and social networks read from the served pages (issue 5, part 4):
// feed discovery links, Open Graph article:* and the Twitter card, and JSON-LD with every
// property Google lists for NewsArticle, BreadcrumbList and Organization.

type Json = Record<string, unknown>;

function jsonLd(html: string): Json[] {
  return $$(parseHtml(html), 'script[type="application/ld+json"]').map((s) => JSON.parse(text(s)) as Json);
}
const meta = (html: string, property: string) =>
  $$(parseHtml(html), `meta[property="${property}"], meta[name="${property}"]`).map((m) => attr(m, 'content'));

describe.each(engines())('page metadata on %s', (engine) => {
  let site: Masthead;

  beforeAll(async () => {
    site = await startMasthead({ engine, bundle: referenceBundle });
  });
  afterAll(async () => {
    await site?.stop();
  });

  it("names the site feeds on every page and a listing's own feeds on its page", async () => {
    for (const path of ['/', '/walk-away-talks', '/latest', '/search']) {
      const links = $$(parseHtml((await get(site.url, path)).body), 'link[rel="alternate"]').map(
        (l) => `${attr(l, 'type')} ${attr(l, 'href')}`,
      );
      expect(links).toEqual(expect.arrayContaining(['application/rss+xml /feed.xml', 'application/feed+json /feed.json']));
    }
    const section = $$(parseHtml((await get(site.url, '/section/europe')).body), 'link[rel="alternate"]').map((l) => attr(l, 'href'));
    expect(section).toEqual(expect.arrayContaining(['/section/europe/feed.xml', '/section/europe/feed.json']));
    const footer = $$(parseHtml((await get(site.url, '/')).body), 'footer a').map((a) => attr(a, 'href'));
    expect(footer).toEqual(expect.arrayContaining(['/search', '/feed.xml']));
    expect($$(parseHtml((await get(site.url, '/')).body), 'header a[href="/search"]')).toHaveLength(1);
  });

  it('gives an article every NewsArticle property Google lists, with sizes, author URLs and a publisher logo', async () => {
    const html = (await get(site.url, '/walk-away-talks')).body;
    const article = jsonLd(html).find((item) => /NewsArticle$/.test(String(item['@type'])))!;
    for (const key of ['headline', 'image', 'datePublished', 'dateModified', 'author', 'publisher', 'articleSection', 'keywords']) {
      expect(article, key).toHaveProperty(key);
    }
    const [image] = article.image as Json[];
    expect(image).toMatchObject({
      '@type': 'ImageObject',
      url: expect.stringMatching(/^http/),
      width: expect.any(Number),
      height: expect.any(Number),
    });
    for (const author of article.author as Json[]) expect(author.url).toMatch(new RegExp(`^${site.url}/author/`));
    const publisher = article.publisher as Json;
    expect(publisher['@type']).toBe('Organization');
    expect((publisher.logo as Json).url).toMatch(new RegExp(`^${site.url}/assets/`));
    expect((await get(site.url, new URL(String((publisher.logo as Json).url)).pathname)).status).toBe(200);
    const breadcrumbs = jsonLd(html).find((item) => item['@type'] === 'BreadcrumbList')!;
    expect((breadcrumbs.itemListElement as Json[]).map((c) => c.position)).toEqual([1, 2, 3]);
  });

  it('carries Open Graph article:* properties and a large Twitter card on an article', async () => {
    const html = (await get(site.url, '/walk-away-talks')).body;
    expect(meta(html, 'og:type')).toEqual(['article']);
    expect(meta(html, 'article:published_time')[0]).toMatch(/^2025-04-18T09:00/);
    expect(meta(html, 'article:modified_time')[0]).toMatch(/^2025-04-18T16:00/);
    expect(meta(html, 'article:section')).toHaveLength(1);
    expect(meta(html, 'article:tag').length).toBeGreaterThan(0);
    expect(meta(html, 'article:author')[0]).toMatch(new RegExp(`^${site.url}/author/`));
    expect(meta(html, 'twitter:card')).toEqual(['summary_large_image']);
  });

  it('describes the publication as an Organization with its logo on the front page only', async () => {
    const front = jsonLd((await get(site.url, '/')).body).find((item) => item['@type'] === 'Organization')!;
    expect(front).toMatchObject({ '@context': 'https://schema.org', name: expect.any(String), url: `${site.url}/` });
    expect((front.logo as Json).url).toMatch(/^http/);
    expect(jsonLd((await get(site.url, '/latest')).body).some((item) => item['@type'] === 'Organization')).toBe(false);
  });
});
