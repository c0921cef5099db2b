import { describe, expect, it } from 'vitest';
import { AuthorInputSchema, formFields, SectionInputSchema, TagInputSchema, TagMergeSchema } from './taxonomy-input.js';

describe('section, tag and author input', () => {
  it('accepts a good section and refuses bad or reserved slugs', () => {
    const good = { name: 'Culture', slug: 'culture', description: '', layout: 'standard' };
    expect(SectionInputSchema.safeParse(good).success).toBe(true);
    for (const slug of ['Culture', 'cul ture', 'culture-', '-culture', 'cult--ure', '', 'admin', 'search', 'feed.xml', 'a'.repeat(121)]) {
      expect(SectionInputSchema.safeParse({ ...good, slug }).success, slug).toBe(false);
    }
    expect(SectionInputSchema.safeParse({ ...good, layout: 'grid' }).success).toBe(false);
    expect(SectionInputSchema.safeParse({ ...good, position: '1' }).success).toBe(false);
  });

  it('lets a tag use a word that is reserved only for stories and sections', () => {
    expect(TagInputSchema.safeParse({ name: 'Media', slug: 'media', kind: 'topic' }).success).toBe(true);
    expect(TagInputSchema.safeParse({ name: 'Media', slug: 'media', kind: 'planet' }).success).toBe(false);
  });

  it('refuses merging a tag into itself', () => {
    expect(TagMergeSchema.safeParse({ from: 'paris', into: 'paris' }).success).toBe(false);
    expect(TagMergeSchema.safeParse({ from: 'paris', into: 'france' }).success).toBe(true);
  });

  it('takes an optional portrait key and trims names', () => {
    const parsed = AuthorInputSchema.parse({ name: '  Gia Guest ', slug: 'gia-guest', bio: '', portrait: '' });
    expect(parsed.name).toBe('Gia Guest');
    expect(AuthorInputSchema.safeParse({ name: ' ', slug: 'gia-guest', bio: '', portrait: '' }).success).toBe(false);
  });

  it('keeps only the named form fields, as strings', () => {
    expect(formFields({ name: 'A\r\nB', slug: ['x', 'y'], role: 'owner' }, ['name', 'slug'] as const)).toEqual({ name: 'A\nB', slug: '' });
  });

  it('holds an author bio to 4,000 characters', () => {
    const author = { name: 'Gia Guest', slug: 'gia-guest', portrait: '' };
    expect(AuthorInputSchema.safeParse({ ...author, bio: 'b'.repeat(4_000) }).success).toBe(true);
    const refused = AuthorInputSchema.safeParse({ ...author, bio: 'b'.repeat(4_001) });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['bio'], message: 'must be at most 4,000 characters' });
  });

  it('fills what a form or request may leave out: no description, standard layout, no bio, no portrait', () => {
    expect(SectionInputSchema.parse({ name: 'Culture', slug: 'culture' })).toEqual({
      name: 'Culture',
      slug: 'culture',
      description: '',
      layout: 'standard',
    });
    expect(AuthorInputSchema.parse({ name: 'Gia', slug: 'gia' })).toEqual({ name: 'Gia', slug: 'gia', bio: '', portrait: '' });
  });
});
