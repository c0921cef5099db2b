import { ALL_LIST_KEY, cacheKeys, storyChangeKeys, type StoryFacts } from '../content/cache-keys.js';
import { parseDocument } from '../content/parse-document.js';
import { firstParagraphText } from '../render/blocks/document-text.js';
import { recordContentChange } from '../store/publication/content-version.js';
import type { StoryRecord } from '../store/stories/story-repository.js';
import type { Db } from '../store/store.js';

// What readers' cached pages must learn of a story write: the keys of the pages that
// showed the story before or show it after (content/cache-keys.ts decides which).

function excerptOf(story: StoryRecord): string {
  if (story.excerpt) return story.excerpt;
  try {
    return firstParagraphText(parseDocument(JSON.parse(story.body))) || story.dek;
  } catch {
    return story.dek;
  }
}

/** What of a story its card and its lists show (null: it does not exist). */
export function storyFacts(story: StoryRecord | null | undefined): StoryFacts | null {
  if (!story) return null;
  return {
    id: story.id,
    live: story.stage === 'published',
    // Everything cardView (render/html/story-views.ts) draws from the story's own row and links.
    card: JSON.stringify([
      story.slug,
      story.title,
      story.dek,
      excerptOf(story),
      story.format,
      story.sections,
      story.authors,
      story.image,
      story.image_alt,
      story.image_caption,
      story.image_credit,
      story.published_at,
    ]),
    lists: [
      ALL_LIST_KEY,
      ...story.sections.map((slug) => cacheKeys.list('section', slug)),
      ...story.tags.map((tag) => cacheKeys.list('tag', tag.slug)),
      ...story.authors.map((slug) => cacheKeys.list('author', slug)),
    ],
    publishedAt: story.published_at,
  };
}

/**
 * Logs the change readers see between two states of a story, inside the write's
 * transaction; `reranked` are the stories whose related list the write changed
 * (store/stories/auto-related.ts), whose pages now show other cards.
 */
export function recordStoryChange(
  trx: Db,
  before: StoryRecord | null | undefined,
  after: StoryRecord | null | undefined,
  reranked: readonly number[] = [],
): Promise<void> {
  return recordContentChange(trx, [...storyChangeKeys(storyFacts(before), storyFacts(after)), ...reranked.map(cacheKeys.story)]);
}
