import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $, $$, attr, one, parseHtml, text } from '../helpers/dom.js';
import { get, getPage, storyLinks } from '../helpers/http.js';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// Every reader route and the status codes a reader, a crawler or a broken link can meet
// (SPEC §4, issue 2 "Bad input"), on each database engine.

const pages: Array<[string, string]> = [
  ['the front page', '/'],
  ['an article page', '/walk-away-talks'],
  ['a section page', '/section/europe'],
  ['a briefs section page', '/section/qiosk'],
  ['a tag page', '/tag/lena-marsh'],
  ['an author page', '/author/jane-okafor'],
  ['the latest stories', '/latest'],
  ['the newsletter sign-up page', '/newsletter'],
];

/** Listings with more than one page of stories in the reference bundle (20 a page). */
const paginated: Array<[string, string]> = [
  ['a section', '/section/europe'],
  ['a tag', '/tag/peace-talks'],
  ['an author', '/author/tomas-reiner'],
  ['the latest stories', '/latest'],
];

const missing: Array<[string, string]> = [
  ['story', '/no-such-story'],
  ['section', '/section/no-such-section'],
  ['tag', '/tag/no-such-tag'],
  ['author', '/author/no-such-author'],
];

function isRedirect(status: number): boolean {
  return [301, 302, 303, 307, 308].includes(status);
}

function cspDirectives(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

function nonceOf(header: string | null): string | null {
  const scriptSrc = cspDirectives(header).get('script-src') ?? [];
  const nonce = scriptSrc.map((v) => /^'nonce-([^']+)'$/.exec(v)?.[1]).find(Boolean);
  return nonce ?? null;
}

describe.each(engines())('reader routes on %s', (engine) => {
  let site: Masthead;

  beforeAll(async () => {
    site = await startMasthead({ engine, bundle: referenceBundle });
  });
  afterAll(async () => {
    await site?.stop();
  });

  it.each(pages)('serves %s (%s) as a 200 HTML page with one h1', async (_name, path) => {
    const page = await get(site.url, path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect($$(parseHtml(page.body), 'h1')).toHaveLength(1);
  });

  it('answers /healthz with 200 when the database is readable', async () => {
    const health = await get(site.url, '/healthz');
    expect(health.status).toBe(200);
  });

  it('serves a story body without the page shell at /{slug}/body for "Keep reading"', async () => {
    const fragment = await get(site.url, '/walk-away-talks/body');
    expect(fragment.status).toBe(200);
    expect(fragment.headers.get('content-type')).toMatch(/^text\/html/);
    expect(fragment.body).toContain('ready to walk away');
    const doc = parseHtml(fragment.body);
    expect($(doc, 'blockquote')).not.toBeNull();
    expect($$(doc, 'p').length).toBeGreaterThan(3);
    for (const shell of ['html', 'head', 'body', 'header', 'nav', 'main', 'footer', 'h1', 'form']) {
      expect($$(doc, shell), `the fragment must not contain <${shell}>`).toHaveLength(0);
    }
  });

  it('answers /{unknown}/body with 404', async () => {
    expect((await get(site.url, '/no-such-story/body')).status).toBe(404);
  });

  it('redirects an old slug to the current one with a 301', async () => {
    const old = await get(site.url, '/walk-away-old');
    expect(old.status).toBe(301);
    expect(old.location?.origin).toBe(site.url);
    expect(old.location?.pathname).toBe('/walk-away-talks');
  });

  it.each(missing)('answers an unknown %s with a 404 HTML page', async (_kind, path) => {
    const page = await get(site.url, path);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const doc = parseHtml(page.body);
    expect($$(doc, 'h1')).toHaveLength(1);
    expect($(doc, 'main')).not.toBeNull();
  });

  describe.each(paginated)('the paginated listing of %s (%s)', (_name, path) => {
    it('links page 1 to page 2, which lists the older stories', async () => {
      const first = await getPage(site.url, path);
      const next = $$(first.doc, 'a[rel~="next"]')[0];
      expect(next, 'page 1 links to the next page with rel="next"').toBeDefined();
      expect(new URL(attr(next!, 'href')!, site.url).searchParams.get('page')).toBe('2');

      const second = await getPage(site.url, `${path}?page=2`);
      const onFirst = storyLinks(one(first.doc, 'main'), site.url);
      const onSecond = storyLinks(one(second.doc, 'main'), site.url);
      expect(onFirst.length).toBeGreaterThanOrEqual(20);
      expect(onSecond.length).toBeGreaterThan(0);
      expect(onSecond.filter((slug) => onFirst.includes(slug))).toEqual([]);
    });

    it.each(['0', 'abc', '-1'])('answers ?page=%s with a 400 page or a redirect to a valid page, never a 500', async (value) => {
      const page = await get(site.url, `${path}?page=${value}`);
      if (isRedirect(page.status)) {
        expect(page.location?.pathname).toBe(path);
        expect(['1', null]).toContain(page.location?.searchParams.get('page'));
      } else {
        expect(page.status).toBe(400);
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      }
    });

    it('answers ?page=99999 with a 404 or the last page, never a 500', async () => {
      const page = await get(site.url, `${path}?page=99999`);
      if (isRedirect(page.status)) {
        expect(page.location?.pathname).toBe(path);
        expect(page.location?.searchParams.get('page')).toBe('2');
      } else if (page.status === 200) {
        const last = await getPage(site.url, `${path}?page=2`);
        expect(storyLinks(one(parseHtml(page.body), 'main'), site.url)).toEqual(storyLinks(one(last.doc, 'main'), site.url));
      } else {
        expect(page.status).toBe(404);
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      }
    });
  });

  it('answers a URL longer than 2,048 characters with 414', async () => {
    const longPath = `/${'a'.repeat(2_100)}`;
    expect((await get(site.url, longPath)).status).toBe(414);
    expect((await get(site.url, `/latest?q=${'x'.repeat(2_100)}`)).status).toBe(414);
  });

  it('serves the newsletter page with a form posting an email address to /newsletter/subscribe', async () => {
    const { doc } = await getPage(site.url, '/newsletter');
    const form = one(doc, 'form[action="/newsletter/subscribe"]');
    expect(attr(form, 'method')?.toLowerCase()).toBe('post');
    const email = one(form, 'input[type="email"][name="email"]');
    expect($(doc, `label[for="${attr(email, 'id')}"]`), 'the email field has a label').not.toBeNull();
  });

  it('serves the stylesheet and the script with a year-long immutable cache', async () => {
    const { doc } = await getPage(site.url, '/walk-away-talks');
    const assets = [
      ...$$(doc, 'link[rel="stylesheet"]').map((l) => attr(l, 'href')),
      ...$$(doc, 'script[src]').map((s) => attr(s, 'src')),
    ].filter((href): href is string => Boolean(href));
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const href of assets) {
      const asset = await get(site.url, href);
      expect(asset.status, href).toBe(200);
      const directives = (asset.headers.get('cache-control') ?? '').split(',').map((d) => d.trim().toLowerCase());
      expect(directives, href).toEqual(expect.arrayContaining(['public', 'max-age=31536000', 'immutable']));
      expect(asset.headers.get('x-content-type-options'), href).toBe('nosniff');
    }
  });

  it.each([...pages, ['a 404 page', '/no-such-story'], ['a 400 page', '/latest?page=abc']])(
    'sends %s (%s) with a nonce-based Content-Security-Policy, nosniff and a Referrer-Policy',
    async (_name, path) => {
      const page = await get(site.url, path);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = page.headers.get('content-security-policy');
      const directives = cspDirectives(csp);
      expect(nonceOf(csp), `script-src carries a nonce in: ${csp}`).toMatch(/^[A-Za-z0-9+/_=-]{16,}$/);
      expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'none'"]);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toMatch(
        /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin|origin|origin-when-cross-origin)$/,
      );
      // Every script the page runs carries this response's nonce.
      const nonce = nonceOf(csp);
      for (const script of $$(parseHtml(page.body), 'script')) {
        const type = attr(script, 'type');
        if (type && type !== 'module' && type !== 'text/javascript') continue;
        expect(attr(script, 'nonce')).toBe(nonce);
      }
    },
  );

  // docs/decisions/0003: a rendering is cached with its nonce, so repeat requests for one
  // page share it (as behind a CDN); every new rendering and every error page gets its own.
  it('gives each rendering its own CSP nonce and error pages a fresh one per response', async () => {
    const nonce = async (path: string) => nonceOf((await get(site.url, path)).headers.get('content-security-policy'));
    const article = await nonce('/walk-away-talks');
    const front = await nonce('/');
    expect(article).not.toBe(front);
    expect(await nonce('/walk-away-talks')).toBe(article);
    const notFound = [await nonce('/no-such-story'), await nonce('/no-such-story')];
    expect(new Set([article, front, ...notFound]).size).toBe(4);
    expect([article, front, ...notFound]).not.toContain(null);
  });

  it('links every listing entry on the front page to a page that answers 200', async () => {
    const { doc } = await getPage(site.url, '/');
    const slugs = storyLinks(one(doc, 'main'), site.url);
    expect(slugs).toContain('walk-away-talks');
    for (const slug of slugs) expect((await get(site.url, `/${slug}`)).status, `/${slug}`).toBe(200);
    expect(text($(doc, 'main'))).toContain('QiOSK');
  });
});
