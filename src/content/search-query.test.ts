import { describe, expect, it } from 'vitest';
import { hasPositiveTerms, MAX_QUERY_LENGTH, parseSearchQuery, type SearchTerm } from './search-query.js';

const terms = (text: string): SearchTerm[] => {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.query.terms;
};
const word = (w: string, extra: Partial<{ prefix: boolean; exclude: boolean }> = {}): SearchTerm => ({
  kind: 'word',
  word: w,
  prefix: false,
  exclude: false,
  ...extra,
});

describe('parseSearchQuery', () => {
  it('reads plain words, lower-cased', () => {
    expect(terms('Black Sea talks')).toEqual([word('black'), word('sea'), word('talks')]);
  });

  it('reads a quoted phrase, an exclusion and a prefix', () => {
    expect(terms('"grain corridor" -iran negotiat*')).toEqual([
      { kind: 'phrase', words: ['grain', 'corridor'], exclude: false },
      word('iran', { exclude: true }),
      word('negotiat', { prefix: true }),
    ]);
    expect(terms('sea -"black sea"')).toEqual([word('sea'), { kind: 'phrase', words: ['black', 'sea'], exclude: true }]);
  });

  it('treats an unbalanced quote as a plain word boundary', () => {
    expect(terms('"black sea')).toEqual([word('black'), word('sea')]);
    expect(terms('"a b" "c')).toEqual([{ kind: 'phrase', words: ['a', 'b'], exclude: false }, word('c')]);
  });

  it('reads lone operators and engine syntax as nothing or as plain words', () => {
    expect(terms('- * " -- **')).toEqual([]);
    expect(terms('NEAR(black sea, 2) title:sea ^x')).toEqual(['near', 'black', 'sea', '2', 'title', 'x'].map((w) => word(w)));
    expect(terms('a&!b|(c<->d):*')).toEqual(['a', 'b', 'c', 'd'].map((w) => word(w)));
  });

  it('keeps letters of every script and drops the punctuation around them', () => {
    expect(terms('Ordoñez Chișinău 北京')).toEqual([word('ordoñez'), word('chișinău'), word('北京')]);
  });

  it(`refuses more than ${MAX_QUERY_LENGTH} characters and accepts exactly that many`, () => {
    expect(parseSearchQuery('a'.repeat(MAX_QUERY_LENGTH + 1)).ok).toBe(false);
    expect(parseSearchQuery('a'.repeat(MAX_QUERY_LENGTH)).ok).toBe(true);
  });

  it('needs one word to look for: exclusions alone find nothing', () => {
    const only = parseSearchQuery('-iran');
    expect(only.ok && hasPositiveTerms(only.query)).toBe(false);
  });
});
