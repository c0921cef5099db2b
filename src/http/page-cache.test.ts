import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cacheKey, cachePage, PageCache } from './page-cache.js';

const page = (html: string, keys: string[] = []) => cachePage(html, 'n', keys);

describe('PageCache', () => {
  it('marks stale only the pages that show a changed key', () => {
    const cache = new PageCache();
    cache.set('/a', page('a', ['story:1', 'card:2']));
    cache.set('/b', page('b', ['story:2']));
    expect(cache.invalidate(['card:2'])).toBe(1);
    expect(cache.get('/a')?.fresh).toBe(false);
    expect(cache.get('/b')?.fresh).toBe(true);
  });

  it('marks every page stale on a site-wide change', () => {
    const cache = new PageCache();
    cache.set('/a', page('a', ['story:1']));
    cache.set('/b', page('b'));
    expect(cache.invalidate(['site'])).toBe(2);
  });

  it('serves a stale page only within its bound, then forgets it', () => {
    const cache = new PageCache({ staleMs: 1000 });
    cache.set('/a', page('a', ['story:1']));
    const t = Date.now();
    cache.invalidate(['story:1'], t);
    expect(cache.get('/a', t + 500)?.fresh).toBe(false);
    expect(cache.get('/a', t + 1500)).toBeUndefined();
  });

  it('treats a page past its time to live as stale', () => {
    const cache = new PageCache({ ttlMs: 10, staleMs: 1000 });
    cache.set('/a', page('a'));
    expect(cache.get('/a', Date.now() + 20)?.fresh).toBe(false);
  });

  it('renders once for concurrent callers and stores stale what a change overtook', async () => {
    const cache = new PageCache();
    let renders = 0;
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const render = () =>
      cache.renderOnce('/a', async (store) => {
        renders++;
        await gate;
        store(page('a', ['story:1']));
        return 'done';
      });
    const first = render();
    const second = render();
    expect(cache.rendering('/a')).toBe(true);
    cache.invalidate(['story:9']);
    finish();
    expect(await Promise.all([first, second])).toEqual(['done', 'done']);
    expect(renders).toBe(1);
    expect(cache.rendering('/a')).toBe(false);
    expect(cache.get('/a')?.fresh).toBe(false);
  });

  it('stays within its byte bound, dropping the least recently used pages first', () => {
    const cache = new PageCache({ maxBytes: 250 });
    cache.set('/a', page('a'.repeat(100)));
    cache.set('/b', page('b'.repeat(100)));
    cache.get('/a');
    cache.set('/c', page('c'.repeat(100)));
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.get('/a')).toBeDefined();
    expect(cache.bytes).toBeLessThanOrEqual(250);
    // Compressed bodies count too.
    const cached = cache.get('/a')!.page;
    cache.encoded('/a', cached, 'gzip');
    expect(cache.bytes).toBeLessThanOrEqual(250);
  });

  it('drops the least recently used entry when full', () => {
    const cache = new PageCache({ maxEntries: 2 });
    cache.set('/a', page('a'));
    cache.set('/b', page('b'));
    cache.get('/a');
    cache.set('/c', page('c'));
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.get('/a')).toBeDefined();
  });

  it('keeps compressed bodies that decode to the page', () => {
    const cache = new PageCache();
    const p = page('<p>héllo</p>');
    cache.set('/p', p);
    expect(gunzipSync(cache.encoded('/p', p, 'gzip')).toString('utf8')).toBe('<p>héllo</p>');
    expect(brotliDecompressSync(cache.encoded('/p', p, 'br')).toString('utf8')).toBe('<p>héllo</p>');
    expect(cache.encoded('/p', p, 'br')).toBe(cache.encoded('/p', p, 'br'));
    expect(p.etag).toMatch(/^"[\w-]+"$/);
  });
});

describe('cacheKey', () => {
  it('keeps the path and page numbers and drops every other query parameter', () => {
    expect(cacheKey('/section/europe?utm_source=x&page=2')).toBe('/section/europe?page=2');
    expect(cacheKey('/story?fbclid=abc')).toBe('/story');
    expect(cacheKey('/latest?page=1&page=2')).toBe('/latest?page=1&page=2');
  });
});
