import { describe, expect, it } from 'vitest';
import {
  AuthorPatchSchema,
  MediaFieldsSchema,
  NewAuthorSchema,
  NewSectionSchema,
  NewTagSchema,
  SectionPatchSchema,
  TagPatchSchema,
} from './api-input.js';

// The API's bodies for sections, tags, authors and media are content/'s schemas (a PATCH
// is their .partial()), so the API refuses exactly what the newsroom's forms refuse.

describe('the API bodies are the same schemas', () => {
  it('refuses on the API exactly what the newsroom refuses', () => {
    expect(NewSectionSchema.safeParse({ slug: 'search', name: 'Search' }).success).toBe(false);
    expect(NewAuthorSchema.safeParse({ slug: 'gia', name: 'Gia', bio: 'b'.repeat(4_001) }).success).toBe(false);
    expect(AuthorPatchSchema.safeParse({ bio: 'b'.repeat(4_001) }).success).toBe(false);
    expect(NewTagSchema.safeParse({ name: ' ', kind: 'topic' }).success).toBe(false);
    expect(NewTagSchema.safeParse({ name: 'Grain', kind: 'topic' }).success).toBe(true);
  });

  it('holds media text to the same limits as the newsroom', () => {
    expect(MediaFieldsSchema.safeParse({ alt: 'a'.repeat(1_001) }).success).toBe(false);
    expect(MediaFieldsSchema.safeParse({ caption: 'c'.repeat(2_001) }).success).toBe(false);
    expect(MediaFieldsSchema.parse({ caption: '  Route 12  ' })).toEqual({ caption: 'Route 12' });
  });

  it('lets a PATCH name any field but the slug, and leaves out what it does not name', () => {
    expect(SectionPatchSchema.parse({ name: 'Arts' })).toEqual({ name: 'Arts' });
    expect(TagPatchSchema.parse({})).toEqual({});
    expect(AuthorPatchSchema.parse({ image: null })).toEqual({ image: null });
    for (const schema of [SectionPatchSchema, TagPatchSchema, AuthorPatchSchema])
      expect(schema.safeParse({ slug: 'moved' }).success).toBe(false);
  });
});
