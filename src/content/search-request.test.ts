import { describe, expect, it } from 'vitest';
import { parseSearchParams, searchHref } from './search-request.js';

describe('parseSearchParams', () => {
  it('reads the query, filters and page, treating empty form fields as absent', () => {
    const parsed = parseSearchParams({ q: ' black sea ', section: 'europe', tag: '', author: '', from: '2025-01-01', to: '', page: '2' });
    expect(parsed.ok && parsed.params).toMatchObject({ section: 'europe', tag: null, from: '2025-01-01', to: null, page: 2 });
    expect(parsed.ok && parsed.params.query.text).toBe('black sea');
  });

  it.each([
    ['a repeated q', { q: ['a', 'b'] }],
    ['an impossible date', { q: 'a', from: '2025-02-30' }],
    ['a date range the wrong way round', { q: 'a', from: '2025-03-01', to: '2025-02-01' }],
    ['a filter that is not a slug', { q: 'a', tag: '../x' }],
    ['a bad page', { q: 'a', page: '0' }],
    ['a query over 200 characters', { q: 'x'.repeat(201) }],
  ])('refuses %s', (_name, raw) => {
    expect(parseSearchParams(raw).ok).toBe(false);
  });
});

describe('searchHref', () => {
  it('writes the parameters in one order, leaving out empty ones and page 1', () => {
    expect(searchHref({ text: 'a b', section: null, tag: 'paris', author: null, from: null, to: '2025-01-02', page: 1 })).toBe(
      '/search?q=a+b&tag=paris&to=2025-01-02',
    );
    expect(searchHref({ text: '', section: null, tag: null, author: null, from: null, to: null, page: 3 })).toBe('/search?page=3');
  });
});
