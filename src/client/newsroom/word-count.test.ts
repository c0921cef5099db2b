import { describe, expect, it } from 'vitest';
import { countWords, describeLength, readingMinutes, WORDS_PER_MINUTE } from './word-count.js';

describe('word count and reading time', () => {
  it('counts words, not punctuation, with apostrophes and hyphens inside words', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('  — … ! ')).toBe(0);
    expect(countWords('The mayor — who didn’t comment — left.')).toBe(6);
    expect(countWords('A well-known 2026 deal')).toBe(4);
    expect(countWords('Zürich, Ålesund and São Paulo')).toBe(5);
  });

  it('reads at least a minute for any text, then rounds', () => {
    expect(readingMinutes(0)).toBe(0);
    expect(readingMinutes(1)).toBe(1);
    expect(readingMinutes(WORDS_PER_MINUTE * 3)).toBe(3);
    expect(readingMinutes(WORDS_PER_MINUTE * 3.6)).toBe(4);
  });

  it('says it in words', () => {
    expect(describeLength(0)).toBe('0 words');
    expect(describeLength(1)).toBe('1 word · 1 min read');
    expect(describeLength(1200)).toBe('1,200 words · 5 min read');
  });
});
