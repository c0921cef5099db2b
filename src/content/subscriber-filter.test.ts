import { describe, expect, it } from 'vitest';
import { filterQuery, parseSubscriberFilter } from './subscriber-filter.js';

describe('parseSubscriberFilter', () => {
  it('keeps only known statuses and lists, and a bounded lower-cased search', () => {
    expect(parseSubscriberFilter({ q: '  Ada@EXAMPLE ', status: 'bounced', list: 'weekly', page: '3' }, ['weekly'])).toEqual({
      filter: { q: 'ada@example', status: 'bounced', list: 'weekly' },
      page: 3,
    });
    expect(parseSubscriberFilter({ q: ['a', 'b'], status: 'deleted', list: "weekly' --", page: '-1' }, ['weekly'])).toEqual({
      filter: { q: '', status: null, list: null },
      page: 1,
    });
    expect(parseSubscriberFilter({ q: 'x'.repeat(1000) }, []).filter.q).toHaveLength(254);
  });

  it('writes the filter back as a query string without empty parts', () => {
    expect(filterQuery({ q: 'a&b', status: 'confirmed', list: null })).toBe('q=a%26b&status=confirmed');
    expect(filterQuery({ q: '', status: null, list: null })).toBe('');
  });
});
