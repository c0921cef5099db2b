import { canOnStory, type Actor } from '../content/policy.js';
import { liveStatus } from '../live/live-coverage.js';
import { liveEntryViews } from '../live/live-views.js';
import { readDocument } from '../render/html/story-views.js';
import type { LiveComposerView } from '../render/newsroom/live-composer.js';
import { liveEntrySource } from '../render/newsroom/live-entry-source.js';
import { listLiveEntries, liveAuthorOptions, loadLiveState, staffAuthorId } from '../store/live/live-entry-repository.js';
import type { StoryRecord } from '../store/stories/story-repository.js';
import type { Db } from '../store/store.js';

// The live coverage composer's view on a story's newsroom page (story-editor-view.ts).

/** The composer on the story's page, for those who may cover it live; null for the others. */
export async function liveComposerView(db: Db, actor: Actor, story: StoryRecord): Promise<LiveComposerView | null> {
  if (!canOnStory(actor, 'live', { createdBy: story.created_by, stage: story.stage })) return null;
  const [state, rows, authors, posterAuthorId] = await Promise.all([
    loadLiveState(db, story.id),
    listLiveEntries(db, story.id),
    liveAuthorOptions(db),
    staffAuthorId(db, actor.id),
  ]);
  if (!state) return null;
  const views = await liveEntryViews(db, rows);
  return {
    storyId: story.id,
    status: liveStatus(state),
    startedAt: state.liveStartedAt,
    endedAt: state.liveEndedAt,
    published: story.stage === 'published',
    authors: authors.map((a) => ({ value: String(a.id), label: a.name })),
    defaultAuthor: posterAuthorId === null ? '' : String(posterAuthorId),
    entries: views.map(({ row, view }) => ({
      id: row.id,
      source: liveEntrySource(readDocument(row.body)),
      summary: view.summary,
      at: row.createdAt,
      editedAt: row.editedAt,
      authorId: row.authorId,
      byline: row.authorName,
      keyEvent: row.keyEvent,
      pinned: row.pinned,
    })),
  };
}
