import { recordStoryChange } from './reader-impact.js';
import { recordStoryMove } from '../audit/story-audit.js';
import type { Actor } from '../content/policy.js';
import { liveStatus, MOVES, moveAllowedFrom, needsChecklist, type Move } from '../content/workflow.js';
import { loadStory, updateStoryRow, type StoryRecord } from '../store/stories/story-repository.js';
import { rankAfterStoryWrite } from '../store/stories/auto-related.js';
import type { Db } from '../store/store.js';
import { conflictError, reloaded, staffIdOf, storyFor, type EditorialContext } from './editorial-context.js';
import { invalid, NewsroomError } from './newsroom-error.js';
import { checklistFor } from './story-checklist.js';

// A move through the workflow (content/workflow.ts says which moves each stage allows and
// which action each needs). Going live passes the checklist first; the jobs and webhooks
// a move causes are written in its transaction.

export interface MoveInput {
  move: Move;
  publish_at?: string;
  revision?: number;
}

export async function moveStory(ctx: EditorialContext, actor: Actor, id: number, input: MoveInput, at: Date): Promise<StoryRecord> {
  const rule = MOVES[input.move];
  const current = await storyFor(ctx, actor, id, rule.action);
  const now = at.toISOString();
  if (input.revision !== undefined && input.revision !== current.revision) throw await conflictError(ctx.db, actor, current);
  await ctx.db.transaction().execute((trx) => applyMove(ctx, trx, actor, current, input, now));
  return reloaded(ctx, id);
}

/**
 * The move itself, inside the caller's transaction, on the story as the caller loaded it
 * there (the caller checked the policy). createStory runs it in its own transaction, so a
 * new story refused by the checklist stores nothing.
 */
export async function applyMove(
  ctx: EditorialContext,
  trx: Db,
  actor: Actor,
  current: StoryRecord,
  input: MoveInput,
  now: string,
): Promise<void> {
  const rule = MOVES[input.move];
  const id = current.id;
  if (!moveAllowedFrom(input.move, current.stage)) {
    throw new NewsroomError(409, 'INVALID_MOVE', `A story that is ${current.stage} cannot be moved with "${rule.label}".`);
  }
  if (needsChecklist(input.move)) await requireChecklist({ ...ctx, db: trx }, current);
  const publishAt = scheduledTime(input, now);
  const changes: Record<string, unknown> = { stage: rule.to, status: liveStatus(rule.to), publish_at: publishAt };
  if (input.move === 'publish') changes.published_at = current.published_at ?? now;
  // A scheduled story that was live before keeps its first publication time.
  if (input.move === 'schedule') changes.published_at = current.published_at || null;
  const revision = await updateStoryRow(trx, id, current.revision, changes, staffIdOf(actor), now);
  if (revision === null) throw await conflictError(trx, actor, (await loadStory(trx, id)) ?? current);
  const saved = (await loadStory(trx, id))!;
  const reranked = await rankAfterStoryWrite(trx, id, current, saved);
  await announceMove(ctx, trx, { move: input.move, current, saved, reranked, publishAt, now });
  await recordStoryMove(trx, input.move, saved);
}

async function requireChecklist(ctx: EditorialContext, story: StoryRecord): Promise<void> {
  const checklist = await checklistFor(ctx, story);
  if (checklist.ready) return;
  const missing = checklist.required.filter((item) => !item.ok).map((item) => item.label);
  throw new NewsroomError(422, 'CHECKLIST', `Before this story can go live it needs: ${missing.join('; ')}.`, { missing });
}

function scheduledTime(input: MoveInput, now: string): string | null {
  if (input.move !== 'schedule') return null;
  if (!input.publish_at) throw invalid([{ field: 'publish_at', message: 'a scheduled story needs a date and time' }]);
  if (input.publish_at <= now) throw invalid([{ field: 'publish_at', message: 'must be in the future' }]);
  return input.publish_at;
}

/** The content version when readers see the change, webhooks, and the timed jobs re-booked. */
async function announceMove(
  ctx: EditorialContext,
  trx: Db,
  moved: { move: Move; current: StoryRecord; saved: StoryRecord; reranked: number[]; publishAt: string | null; now: string },
): Promise<void> {
  const { move, current, saved, now } = moved;
  const { events } = ctx;
  const stage = MOVES[move].to;
  await recordStoryChange(trx, current, saved, moved.reranked);
  if (move === 'publish') await events.published(trx, saved, now);
  if (move === 'unpublish') {
    await events.unpublished(trx, saved, now);
    await events.unpublishAt(trx, saved, null);
  }
  if (move === 'schedule') await events.publishAt(trx, saved, moved.publishAt);
  else if (current.stage === 'scheduled') await events.publishAt(trx, saved, null);
  if (saved.unpublish_at && (stage === 'published' || stage === 'scheduled')) await events.unpublishAt(trx, saved, saved.unpublish_at);
}
