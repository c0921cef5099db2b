import { describe, expect, it } from 'vitest';
import { filterBlocks } from './block-filter.js';

const items = [
  { label: 'Heading 2', keywords: ['h2', 'title', 'subheading'] },
  { label: 'Quote', keywords: ['blockquote', '>'] },
  { label: 'Pull quote', keywords: ['callout'] },
  { label: 'Divider', keywords: ['hr', 'rule', '---'] },
];

describe('the block menu filter', () => {
  it('lists every block before anything is typed', () => {
    expect(filterBlocks(items, '')).toEqual(items);
    expect(filterBlocks(items, '  ')).toEqual(items);
  });

  it('matches names and other names at the start of a word, in menu order', () => {
    expect(filterBlocks(items, 'quo').map((i) => i.label)).toEqual(['Quote', 'Pull quote']);
    expect(filterBlocks(items, 'h2').map((i) => i.label)).toEqual(['Heading 2']);
    expect(filterBlocks(items, 'HR').map((i) => i.label)).toEqual(['Divider']);
    expect(filterBlocks(items, 'pull q').map((i) => i.label)).toEqual(['Pull quote']);
  });

  it('finds nothing for a word no block starts with', () => {
    expect(filterBlocks(items, 'uote')).toEqual([]);
    expect(filterBlocks(items, 'table')).toEqual([]);
  });
});
