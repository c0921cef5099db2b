import type { StoryRecord } from '../store/stories/story-repository.js';

// What a revision keeps: the fields a person edits, by the bundle's names, so a restore
// is an ordinary save of those fields.

export interface StorySnapshot {
  title: string;
  dek: string;
  slug: string;
  format: string | null;
  sections: string[];
  tags: string[];
  authors: string[];
  image: string | null;
  /** The story's own lead-image text (issue 13); absent in snapshots made before it. */
  image_alt?: string | null;
  image_caption?: string | null;
  image_credit?: string | null;
  body: unknown;
  excerpt: string;
  seo_title: string;
  seo_description: string;
  related: string[];
}

export function snapshotOf(story: StoryRecord): StorySnapshot {
  return {
    title: story.title,
    dek: story.dek,
    slug: story.slug,
    format: story.format,
    sections: story.sections,
    tags: story.tags.map((t) => t.slug),
    authors: story.authors,
    image: story.image,
    image_alt: story.image_alt,
    image_caption: story.image_caption,
    image_credit: story.image_credit,
    body: JSON.parse(story.body) as unknown,
    excerpt: story.excerpt,
    seo_title: story.seo_title,
    seo_description: story.seo_description,
    related: story.related,
  };
}
