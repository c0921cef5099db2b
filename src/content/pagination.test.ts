import { describe, expect, it } from 'vitest';
import { pageCount, pageOffset, parsePageParam } from './pagination.js';

describe('parsePageParam', () => {
  it('treats a missing page as the first', () => {
    expect(parsePageParam(undefined)).toEqual({ ok: true, page: 1 });
  });
  it('accepts plain positive integers', () => {
    expect(parsePageParam('7')).toEqual({ ok: true, page: 7 });
  });
  it.each(['0', '-1', 'abc', '1.5', '01', ' 2', '1e3', '', '9999999'])('refuses %j', (raw) => {
    expect(parsePageParam(raw).ok).toBe(false);
  });
  it('refuses repeated parameters', () => {
    expect(parsePageParam(['1', '2']).ok).toBe(false);
  });
});

describe('page arithmetic', () => {
  it('has at least one page, even when empty', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(41, 20)).toBe(3);
    expect(pageOffset(3, 20)).toBe(40);
  });
});
