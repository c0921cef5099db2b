import { describe, expect, it } from 'vitest';
import { editDistance, suggestCorrection } from './did-you-mean.js';

const names = ['Calder Whitlow', 'Ines Marchetti', 'Black Sea', 'Oksana Levchuk'];

describe('suggestCorrection', () => {
  it("corrects a misspelt name with the name's own spelling", () => {
    expect(suggestCorrection(['calder', 'whitlw'], names)).toBe('Calder Whitlow');
    expect(suggestCorrection(['marchety'], names)).toBe('Marchetti');
  });

  it('suggests nothing when every word is spelt right or too far from any name', () => {
    expect(suggestCorrection(['whitlow'], names)).toBeNull();
    expect(suggestCorrection(['ceasefire'], names)).toBeNull();
  });

  it('leaves short words alone: they have too many near neighbours', () => {
    expect(suggestCorrection(['sew'], names)).toBeNull();
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions, and stops early past the limit', () => {
    expect(editDistance('whitlw', 'whitlow', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});
