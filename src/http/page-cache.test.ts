import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cacheKey, cachePage, encodedBody, PageCache } from './page-cache.js';

describe('PageCache', () => {
  it('serves an entry only for the content version it was rendered for', () => {
    const cache = new PageCache();
    cache.set('/a', cachePage('<p>a</p>', 'n', 3));
    expect(cache.get('/a', 3)).toBeDefined();
    expect(cache.get('/a', 4)).toBeUndefined();
    expect(cache.get('/a', 3)).toBeUndefined();
  });

  it('drops the least recently used entry when full', () => {
    const cache = new PageCache(2);
    cache.set('/a', cachePage('a', 'n', 1));
    cache.set('/b', cachePage('b', 'n', 1));
    cache.get('/a', 1);
    cache.set('/c', cachePage('c', 'n', 1));
    expect(cache.get('/b', 1)).toBeUndefined();
    expect(cache.get('/a', 1)).toBeDefined();
  });

  it('expires entries after their time to live', () => {
    const cache = new PageCache(10, -1);
    cache.set('/a', cachePage('a', 'n', 1));
    expect(cache.get('/a', 1)).toBeUndefined();
  });

  it('keeps compressed bodies that decode to the page', () => {
    const page = cachePage('<p>héllo</p>', 'n', 1);
    expect(gunzipSync(encodedBody(page, 'gzip')).toString('utf8')).toBe('<p>héllo</p>');
    expect(brotliDecompressSync(encodedBody(page, 'br')).toString('utf8')).toBe('<p>héllo</p>');
    expect(encodedBody(page, 'br')).toBe(encodedBody(page, 'br'));
    expect(page.etag).toMatch(/^"[\w-]+"$/);
  });
});

describe('cacheKey', () => {
  it('keeps the path and page numbers and drops every other query parameter', () => {
    expect(cacheKey('/section/europe?utm_source=x&page=2')).toBe('/section/europe?page=2');
    expect(cacheKey('/story?fbclid=abc')).toBe('/story');
    expect(cacheKey('/latest?page=1&page=2')).toBe('/latest?page=1&page=2');
  });
});
