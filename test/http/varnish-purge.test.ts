import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { varnishPurger } from '../../src/cdn/varnish-purger.js';
import { startVarnish, type Varnish } from '../helpers/varnish.js';
import { waitUntil } from '../helpers/wait-until.js';

// Debian's varnishd with the shipped VCL in front of a tiny origin that tags its pages
// the way Masthead does (Surrogate-Key: k1 k2 …), and the Varnish purger that Masthead's
// `cdn.purge` job runs: a ban on one key refetches exactly the pages tagged with it. The
// origin counts its requests per path; that count is the evidence of a miss.

const PAGES: Record<string, { keys: string; cacheControl?: string; setCookie?: boolean }> = {
  '/story-12': { keys: 'story:12 card:12 site' },
  '/story-102': { keys: 'story:102 card:102 site' },
  '/story-1x2': { keys: 'story:1x2 site' },
  '/section': { keys: 'list:section:3 card:12 card:102 site' },
  '/front': { keys: 'list:all card:12 card:102 site' },
  '/private': { keys: 'story:12', cacheControl: 'private, no-store' },
  '/cookie': { keys: 'story:12', setCookie: true },
  '/untagged-rule': { keys: '', cacheControl: '' },
};
/** Pages that expire a second after they are fetched, outside the purge checks. */
const SHORT_LIVED: Record<string, string> = {
  '/graceful': 'public, max-age=0, s-maxage=1, stale-while-revalidate=60',
  '/graceless': 'public, max-age=0, s-maxage=1',
};
const READER_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300';

describe('Varnish with deploy/varnish/default.vcl, purged by the Varnish adapter', () => {
  let origin: http.Server;
  let varnish: Varnish;
  const originHits = new Map<string, number>();
  const seenCookies: string[] = [];

  const hits = (path: string) => originHits.get(path) ?? 0;
  const read = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${varnish.url}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
  /** Reads every page once more: each page the ban dropped reaches the origin again. */
  const refetchedAfter = async (purge: () => Promise<void>) => {
    const before = new Map(Object.keys(PAGES).map((path) => [path, hits(path)]));
    await purge();
    for (const path of Object.keys(PAGES)) await read(path);
    return Object.keys(PAGES).filter((path) => hits(path) > before.get(path)!);
  };

  beforeAll(async () => {
    origin = http.createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://origin').pathname;
      originHits.set(path, hits(path) + 1);
      if (request.headers.cookie) seenCookies.push(`${path} ${request.headers.cookie}`);
      const shortLived = SHORT_LIVED[path];
      if (shortLived) return response.writeHead(200, { 'cache-control': shortLived }).end(`${path} #${hits(path)}`);
      const page = PAGES[path];
      if (!page) return response.writeHead(404, { 'cache-control': 'no-store' }).end('not found');
      const headers: Record<string, string> = {};
      const cacheControl = page.cacheControl ?? READER_CACHE_CONTROL;
      if (cacheControl) headers['cache-control'] = cacheControl;
      if (page.keys) {
        headers['surrogate-key'] = page.keys;
        headers['cache-tag'] = page.keys.replaceAll(' ', ',');
      }
      if (page.setCookie) headers['set-cookie'] = 'masthead_session=abc; Path=/; HttpOnly';
      response.writeHead(200, headers).end(`${path} #${hits(path)}`);
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    varnish = await startVarnish({ backendPort: (origin.address() as AddressInfo).port });
  });
  afterAll(async () => {
    await varnish?.stop();
    await new Promise((resolve) => origin?.close(resolve));
  });

  it('caches tagged reader pages, says HIT, and keeps the keys from readers', async () => {
    const first = await read('/story-12');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    const second = await read('/story-12');
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.body).toBe(first.body);
    expect(second.headers.get('x-varnish')).toMatch(/^\d+ \d+$/);
    expect(hits('/story-12')).toBe(1);
    expect(second.headers.get('surrogate-key')).toBeNull();
    expect(second.headers.get('cache-tag')).toBeNull();
    expect(second.headers.get('cache-control')).toBe(READER_CACHE_CONTROL);
  });

  it('bans exactly the pages tagged with the purged key, and no key is a regex', async () => {
    for (const path of Object.keys(PAGES)) await read(path);
    const purger = varnishPurger({ purgeUrl: varnish.purgeUrl, token: null });
    // story:1.2 would match story:102 and story:1x2 as a regex; escaped, it matches nothing cached.
    expect(await refetchedAfter(() => purger.purge(['story:1.2']))).toEqual(['/private', '/cookie', '/untagged-rule']);
    expect(await refetchedAfter(() => purger.purge(['story:12']))).toEqual(['/story-12', '/private', '/cookie', '/untagged-rule']);
    expect(await refetchedAfter(() => purger.purge(['card:102', 'list:section:3']))).toEqual([
      '/story-102',
      '/section',
      '/front',
      '/private',
      '/cookie',
      '/untagged-rule',
    ]);
    expect(await refetchedAfter(() => purger.purge(['site']))).toEqual(Object.keys(PAGES));
  });

  it('refuses keys with characters Masthead never puts in a key, and bans nothing', async () => {
    for (const path of Object.keys(PAGES)) await read(path);
    const refused = await fetch(varnish.purgeUrl, { method: 'BAN', headers: { 'x-purge-keys': 'story:(.*)' } });
    expect(refused.status).toBe(400);
    await refused.arrayBuffer();
    expect(await refetchedAfter(async () => undefined)).toEqual(['/private', '/cookie', '/untagged-rule']);
  });

  it('keeps a page for s-maxage, then serves it stale for stale-while-revalidate while it refetches it', async () => {
    const first = await read('/graceful');
    await read('/graceless');
    expect(first.body).toBe('/graceful #1');
    // Past s-maxage (1 s) on Varnish's clock, by a margin: the outcome does not depend on speed.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stale = await read('/graceful');
    expect(stale.headers.get('x-cache')).toBe('HIT');
    expect(stale.body).toBe('/graceful #1');
    await waitUntil(() => hits('/graceful') === 2, 5_000, 'the background refetch of /graceful');
    await waitUntil(async () => (await read('/graceful')).body === '/graceful #2', 5_000, 'the refetched /graceful');
    // Without stale-while-revalidate there is no grace: the expired page is fetched while the reader waits.
    const expired = await read('/graceless');
    expect(expired.headers.get('x-cache')).toBe('MISS');
    expect(expired.body).toBe('/graceless #2');
  });

  it('never stores private or no-store answers, answers that set a cookie, or answers without a caching rule', async () => {
    for (const path of ['/private', '/cookie', '/untagged-rule']) {
      const before = hits(path);
      expect((await read(path)).headers.get('x-cache')).not.toBe('HIT');
      expect((await read(path)).headers.get('x-cache')).not.toBe('HIT');
      expect(hits(path)).toBe(before + 2);
    }
  });

  it('passes requests with the session cookie or Authorization, and strips other cookies', async () => {
    await read('/front');
    const before = hits('/front');
    const signedIn = await read('/front', { cookie: 'theme=dark; masthead_session=s3cret' });
    expect(signedIn.headers.get('x-cache')).toBe('PASS');
    const signedInTls = await read('/front', { cookie: '__Host-masthead_session=s3cret' });
    expect(signedInTls.headers.get('x-cache')).toBe('PASS');
    const withKey = await read('/front', { authorization: 'Bearer mh_content_x' });
    expect(withKey.headers.get('x-cache')).toBe('PASS');
    expect(hits('/front')).toBe(before + 3);
    expect(seenCookies.filter((line) => line.startsWith('/front ')).every((line) => line.includes('masthead_session='))).toBe(true);

    const other = await read('/front', { cookie: 'theme=dark; _ga=GA1.1' });
    expect(other.headers.get('x-cache')).toBe('HIT');
    expect(hits('/front')).toBe(before + 3);
    expect(seenCookies.some((line) => line.includes('_ga='))).toBe(false);
  });

  it('refuses a purge when the VCL requires a token it lacks, and honours the right one', async () => {
    const guarded = await startVarnish({ backendPort: (origin.address() as AddressInfo).port, purgeToken: 'purge-secret-0123456789' });
    try {
      await expect(varnishPurger({ purgeUrl: guarded.purgeUrl, token: null }).purge(['site'])).rejects.toThrow(
        /varnish purge answered 403/,
      );
      await expect(varnishPurger({ purgeUrl: guarded.purgeUrl, token: 'wrong' }).purge(['site'])).rejects.toThrow(/403/);
      await varnishPurger({ purgeUrl: guarded.purgeUrl, token: 'purge-secret-0123456789' }).purge(['site']);
    } finally {
      await guarded.stop();
    }
  });
});
