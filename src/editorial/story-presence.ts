import type { Actor } from '../content/policy.js';
import { listPresence, releasePresence, touchPresence } from '../store/stories/presence-repository.js';
import { staffIdOf, storyFor, type EditorialContext } from './editorial-context.js';
import { NewsroomError } from './newsroom-error.js';

// The soft lock: who else has a story open in the editor. The editor page sends a
// heartbeat every HEARTBEAT_MS and says goodbye when it is left; a person not heard from
// for PRESENCE_TIMEOUT_MS (a closed laptop, a lost connection) no longer counts. It only
// warns: the revision check on every save (a 409 naming who saved) stays the guarantee.

export const HEARTBEAT_MS = 30_000;
export const PRESENCE_TIMEOUT_MS = 90_000;

export interface OtherEditor {
  name: string;
  /** When they opened the story, ISO-8601 UTC. */
  since: string;
}

const cutoff = (now: Date) => new Date(now.getTime() - PRESENCE_TIMEOUT_MS).toISOString();

/** A page load's id, made by the browser: short, plain, not a secret. */
export const VISIT_ID = /^[A-Za-z0-9-]{8,64}$/;
const checkedVisit = (visit: unknown): string => {
  if (typeof visit !== 'string' || !VISIT_ID.test(visit))
    throw new NewsroomError(400, 'INVALID', 'visit: must be the page’s id (8 to 64 letters, digits or hyphens)');
  return visit;
};

/** Who else has the story open, for a person who may see it (no row is written). */
export async function otherEditors(ctx: EditorialContext, actor: Actor, storyId: number, now: Date): Promise<OtherEditor[]> {
  const story = await storyFor(ctx, actor, storyId);
  const rows = await listPresence(ctx.db, { articleId: story.id, exceptStaffId: actor.id, freshAfter: cutoff(now) });
  return rows.map((row) => ({ name: row.name, since: row.since }));
}

/** "I still have it open": records the heartbeat, then answers who else does. */
export async function storyHeartbeat(
  ctx: EditorialContext,
  actor: Actor,
  beat: { storyId: number; visit: unknown },
  now: Date,
): Promise<OtherEditor[]> {
  const visit = checkedVisit(beat.visit);
  const story = await storyFor(ctx, actor, beat.storyId);
  const staffId = staffIdOf(actor);
  // An API key's system actor has no staff row to be shown as: it is never present.
  if (staffId !== null)
    await touchPresence(ctx.db, { articleId: story.id, staffId, visit, now: now.toISOString(), staleBefore: cutoff(now) });
  return otherEditors(ctx, actor, story.id, now);
}

/**
 * "I left": others stop seeing the notice at their next heartbeat, not after the timeout.
 * Only the page that recorded the presence removes it (a reload's goodbye arrives late).
 */
export async function leaveStory(ctx: EditorialContext, actor: Actor, leave: { storyId: number; visit: unknown }): Promise<void> {
  const visit = checkedVisit(leave.visit);
  const staffId = staffIdOf(actor);
  if (staffId === null || !Number.isSafeInteger(leave.storyId)) return;
  await releasePresence(ctx.db, { articleId: leave.storyId, staffId, visit });
}
