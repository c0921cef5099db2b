import { describe, expect, it } from 'vitest';
import { diffStories, type ComparableStory } from './revision-diff.js';

const base: ComparableStory = {
  title: 'Talks stall in Geneva',
  dek: '',
  slug: 'talks-stall',
  bodyText: 'The delegations left early.',
  excerpt: '',
  format: 'reporting',
  sections: ['europe'],
  tags: [],
  authors: ['ana'],
  image: null,
  seo_title: '',
  seo_description: '',
};

describe('revision diff', () => {
  it('lists only changed fields, word by word', () => {
    const diffs = diffStories(base, { ...base, title: 'Talks collapse in Geneva', sections: ['europe', 'world'] });
    expect(diffs.map((d) => d.field)).toEqual(['title', 'sections']);
    expect(diffs[0]!.parts).toEqual([
      { kind: 'same', text: 'Talks ' },
      { kind: 'removed', text: 'stall' },
      { kind: 'added', text: 'collapse' },
      { kind: 'same', text: ' in Geneva' },
    ]);
  });

  it('finds nothing between identical versions', () => {
    expect(diffStories(base, { ...base })).toEqual([]);
  });
});
