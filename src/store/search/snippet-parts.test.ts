import { describe, expect, it } from 'vitest';
import { MARK_END, MARK_START } from './search-adapter.js';
import { snippetParts } from './search-articles.js';

describe('snippetParts', () => {
  it("splits the engine's marked passage into plain and matched parts, flattening whitespace", () => {
    expect(snippetParts(`…the ${MARK_START}grain${MARK_END} ${MARK_START}corridor${MARK_END},\n\nleaving <b>`)).toEqual([
      { text: '…the ', mark: false },
      { text: 'grain', mark: true },
      { text: ' ', mark: false },
      { text: 'corridor', mark: true },
      { text: ', leaving <b>', mark: false },
    ]);
  });

  it('survives unbalanced markers', () => {
    expect(snippetParts(`a${MARK_END}b${MARK_START}c`)).toEqual([
      { text: 'ab', mark: false },
      { text: 'c', mark: true },
    ]);
  });
});

describe('the SQLite match expression', () => {
  it('quotes every word, and widens a prefix to cover what the porter stemmer strips', async () => {
    const { matchExpression } = await import('../dialects/sqlite/sqlite-search.js');
    const { parseSearchQuery } = await import('../../content/search-query.js');
    const parsed = parseSearchQuery('"grain corridor" negotiat* -iran sea*');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(matchExpression(parsed.query)).toBe('("grain corridor" AND ("negotiat" * OR "negot" *) AND "sea" *) NOT "iran"');
  });
});
