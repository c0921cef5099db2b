import { canOnStory, refusalStatus, type Actor, type StoryAction } from '../content/policy.js';
import { loadStory, type StoryRecord } from '../store/stories/story-repository.js';
import type { Db, DialectOperations } from '../store/store.js';
import { forbidden, NewsroomError, notFound } from './newsroom-error.js';
import type { StoryEventSink } from './story-events.js';

// What every story operation is given, and the access check each one starts with. The
// operations (create-story.ts, update-story.ts, move-story.ts…) are the one writer of
// stories, whether the call comes from the newsroom, /api/admin or a job: each checks the
// policy once and writes in one transaction that bumps the story's revision (a stale save
// is a 409, never a silent overwrite) and, when readers can see the change, the content
// version.

export interface EditorialContext {
  db: Db;
  events: StoryEventSink;
  /** Keeps the store's full-text index current on every save. */
  dialect: DialectOperations;
}

/**
 * The staff row an actor's writes are recorded against. An admin API key acts as a
 * system actor (id 0, no staff row), so its stories and revisions name nobody: the
 * created_by / modified_by / staff_id columns are foreign keys to staff and take null.
 */
export const SYSTEM_ACTOR_ID = 0;
export function staffIdOf(actor: Actor): number | null {
  return actor.id === SYSTEM_ACTOR_ID ? null : actor.id;
}

/** The story as the actor may see it; other people's drafts do not exist for them. */
export async function storyFor(ctx: EditorialContext, actor: Actor, id: number, action: StoryAction = 'view'): Promise<StoryRecord> {
  const story = await loadStory(ctx.db, id);
  if (!story) throw notFound();
  const ownership = { createdBy: story.created_by, stage: story.stage };
  if (!canOnStory(actor, action, ownership)) {
    if (refusalStatus(actor, ownership) === 404) throw notFound();
    throw forbidden();
  }
  return story;
}

/** A save that started from an older revision: who saved since, and when. */
export function conflictError(current: StoryRecord): NewsroomError {
  const who = current.modified_by_name ?? 'someone';
  return new NewsroomError(
    409,
    'CONFLICT',
    `This story was changed by ${who} at ${current.modified_at ?? 'an earlier time'} after you opened it. Nothing was saved; reload to see their version.`,
    { revision: current.revision, modified_by: current.modified_by_name, modified_at: current.modified_at },
  );
}

/** The story as it is now, after a write that just committed. */
export async function reloaded(ctx: EditorialContext, id: number): Promise<StoryRecord> {
  return (await loadStory(ctx.db, id))!;
}
