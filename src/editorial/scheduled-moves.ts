import { loadStory, publishIfStillScheduled, unpublishIfStillDue } from '../store/stories/story-repository.js';
import { rankAfterStoryWrite } from '../store/stories/auto-related.js';
import { SCHEDULER_ORIGIN } from '../audit/audit-origin.js';
import { recordStoryMove } from '../audit/story-audit.js';
import type { EditorialContext } from './editorial-context.js';
import { recordStoryChange } from './reader-impact.js';

// The timed moves, run by the jobs worker at their minute (story-jobs.ts). Each is one
// conditional update: if the story is still due at that exact time it moves, otherwise
// (already moved by another run, rescheduled, taken back) nothing happens. That makes the
// job safe to run twice, which is what a crashed worker's retry may do. No policy check:
// the move was allowed when an editor scheduled it.

export async function publishScheduled(ctx: EditorialContext, articleId: number, publishAt: string, at: Date): Promise<boolean> {
  const now = at.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadStory(trx, articleId);
    if (!(await publishIfStillScheduled(trx, articleId, publishAt, now))) return false;
    const after = (await loadStory(trx, articleId))!;
    const reranked = await rankAfterStoryWrite(trx, articleId, before, after);
    // Exactly what a manual publish records, so caches and the CDN drop the same pages.
    await recordStoryChange(trx, before, after, reranked);
    await ctx.events.published(trx, after, now);
    await recordStoryMove(trx, 'publish', after, SCHEDULER_ORIGIN);
    return true;
  });
}

export async function unpublishScheduled(ctx: EditorialContext, articleId: number, unpublishAt: string, at: Date): Promise<boolean> {
  const now = at.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadStory(trx, articleId);
    if (!(await unpublishIfStillDue(trx, articleId, unpublishAt, now))) return false;
    const after = (await loadStory(trx, articleId))!;
    const reranked = await rankAfterStoryWrite(trx, articleId, before, after);
    await recordStoryChange(trx, before, after, reranked);
    await ctx.events.unpublished(trx, after, now);
    await recordStoryMove(trx, 'unpublish', after, SCHEDULER_ORIGIN);
    return true;
  });
}
