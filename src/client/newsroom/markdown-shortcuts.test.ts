import { describe, expect, it } from 'vitest';
import { SINGLE_HASH } from './markdown-shortcuts.js';

// The rule this editor adds to StarterKit's (the browser test types them all).
describe('the `# ` shortcut', () => {
  it('fires on a single hash and a space at the start of a line', () => {
    expect(SINGLE_HASH.test('# ')).toBe(true);
  });
  it('leaves `## ` to StarterKit and ignores a hash inside text', () => {
    expect(SINGLE_HASH.test('## ')).toBe(false);
    expect(SINGLE_HASH.test('Room # ')).toBe(false);
    expect(SINGLE_HASH.test('#hashtag')).toBe(false);
  });
});
