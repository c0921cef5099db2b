import { canOnStory, refusalStatus, type Actor, type StoryAction } from '../content/policy.js';
import { loadStory, type StoryRecord } from '../store/stories/story-repository.js';
import { formatNewsroomTime } from '../render/newsroom/newsroom-time.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
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

/**
 * A save that started from an older revision: who saved since, and when, in the
 * publication's own zone with the zone named (the newsroom's one clock). The person whose
 * own save it was is told so, not shown their own name as a rival's.
 */
export async function conflictError(db: Db, actor: Actor, current: StoryRecord): Promise<NewsroomError> {
  const settings = await loadPublicationSettings(db);
  const when = current.modified_at
    ? formatNewsroomTime(current.modified_at, { zone: settings.time_zone, locale: settings.locale })
    : 'an earlier time';
  const own = current.modified_by !== null && current.modified_by === staffIdOf(actor);
  const message = own
    ? `You saved this story in another window at ${when}, after this page was opened. Nothing was saved here; reload to see that version.`
    : `This story was changed by ${current.modified_by_name ?? 'someone'} at ${when} after you opened it. Nothing was saved; reload to see their version.`;
  return new NewsroomError(409, 'CONFLICT', message, {
    revision: current.revision,
    modified_by: current.modified_by_name,
    modified_at: current.modified_at,
  });
}

/** The story as it is now, after a write that just committed. */
export async function reloaded(ctx: EditorialContext, id: number): Promise<StoryRecord> {
  return (await loadStory(ctx.db, id))!;
}
