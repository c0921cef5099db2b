import { describe, expect, it } from 'vitest';
import type { SourceStory } from './source-model.js';
import { StandInImages, storyRow } from './story-rows.js';

const story = (over: Partial<SourceStory>): SourceStory => ({
  sourceId: '1',
  type: 'post',
  title: 'Council meets',
  slug: 'council-meets',
  dek: '',
  excerpt: 'The short version.',
  bodyHtml: '',
  state: 'published',
  restriction: null,
  publishedAt: '2026-01-05T10:00:00.000Z',
  updatedAt: null,
  createdAt: null,
  authors: [],
  sections: [],
  tags: [],
  leadImage: null,
  seoTitle: '',
  seoDescription: '',
  oldUrls: [],
  parentSourceId: null,
  warnings: [],
  ...over,
});
const row = (over: Partial<SourceStory>) => storyRow(story(over), { slug: 'x', body: '{}', lead: null, now: '2026-12-03T00:00:00.000Z' });

describe('storyRow', () => {
  it('never makes a restricted story public, whatever its state at the source', () => {
    for (const restriction of ['private', 'password', 'members', 'paid'] as const) {
      expect(row({ restriction })).toMatchObject({ stage: 'draft', status: 'draft', published_at: null });
      expect(row({ restriction, state: 'scheduled' })).toMatchObject({ stage: 'draft', publish_at: null });
    }
  });

  it('keeps drafts and scheduled stories in their state, the publish time waiting in publish_at', () => {
    expect(row({ state: 'draft' })).toMatchObject({ stage: 'draft', status: 'draft', published_at: null });
    expect(row({ state: 'scheduled', publishedAt: '2030-01-01T09:00:00.000Z' })).toMatchObject({
      stage: 'scheduled',
      status: 'draft',
      published_at: null,
      publish_at: '2030-01-01T09:00:00.000Z',
    });
  });

  it('shows an update only for a change an hour or more after publication, and takes the excerpt as dek when there is none', () => {
    expect(row({ updatedAt: '2026-01-05T10:00:02.000Z' }).updated_at).toBeNull();
    expect(row({ updatedAt: '2026-01-06T08:00:00.000Z' }).updated_at).toBe('2026-01-06T08:00:00.000Z');
    expect(row({}).dek).toBe('The short version.');
    expect(row({ title: '  ' }).title).toBe('Untitled');
  });
});

describe('StandInImages', () => {
  it('gives each source one stand-in id, far above real ids, and finds the source back', () => {
    const images = new StandInImages();
    const a = images.idFor('/a.jpg');
    expect(images.idFor('/a.jpg')).toBe(a);
    expect(a).toBeGreaterThan(2 ** 39);
    expect(images.sourceOf(images.idFor('/b.jpg'))).toBe('/b.jpg');
    expect(images.sources()).toEqual(['/a.jpg', '/b.jpg']);
  });
});
