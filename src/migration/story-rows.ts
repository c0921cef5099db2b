import type { StoryRow } from '../store/migration/migration-writer.js';
import type { SourceStory } from './source-model.js';

// How one source story becomes a story row: pure, so the rules for states, dates and
// restrictions read in one place.

/**
 * Stand-in ids for the images a body names, handed to the HTML converter before the
 * images are fetched; `remapMediaIds` settles them afterwards. Far above any real id.
 */
export class StandInImages {
  private static readonly FIRST = 2 ** 40;
  private readonly bySource = new Map<string, number>();
  private readonly byId = new Map<number, string>();

  idFor = (src: string): number => {
    let id = this.bySource.get(src);
    if (id === undefined) {
      id = StandInImages.FIRST + this.bySource.size;
      this.bySource.set(src, id);
      this.byId.set(id, src);
    }
    return id;
  };

  sourceOf(id: number): string | undefined {
    return this.byId.get(id);
  }

  sources(): string[] {
    return [...this.bySource.keys()];
  }
}

/**
 * An edit at the source this soon after publication (a typo fixed, a tag added) is not an
 * update readers should be told about: "Updated …" is kept for later changes.
 */
const UPDATE_AFTER_MS = 60 * 60 * 1000;

function laterUpdate(story: SourceStory): string | null {
  if (!story.updatedAt || !story.publishedAt) return null;
  return Date.parse(story.updatedAt) - Date.parse(story.publishedAt) >= UPDATE_AFTER_MS ? story.updatedAt : null;
}

export function storyRow(story: SourceStory, written: { slug: string; body: string; lead: number | null; now: string }): StoryRow {
  // Private, password, members-only and paid stories never become public: drafts, whatever the source said.
  const stage = story.restriction ? 'draft' : story.state;
  const live = stage === 'published';
  return {
    slug: written.slug,
    title: story.title.trim() || 'Untitled',
    dek: story.dek || story.excerpt,
    excerpt: story.excerpt,
    body: written.body,
    status: live ? 'published' : 'draft',
    stage,
    published_at: live ? (story.publishedAt ?? story.createdAt ?? written.now) : null,
    updated_at: live ? laterUpdate(story) : null,
    publish_at: stage === 'scheduled' ? story.publishedAt : null,
    seo_title: story.seoTitle,
    seo_description: story.seoDescription,
    image_id: written.lead,
  };
}
