import { recordAudit } from '../audit/record-audit.js';
import { storyTarget } from '../audit/story-audit.js';
import type { Actor } from '../content/policy.js';
import { reindexArticles } from '../store/search/reindex-articles.js';
import { deleteStory } from '../store/stories/story-repository.js';
import { storyFor, type EditorialContext } from './editorial-context.js';
import { recordStoryChange } from './reader-impact.js';

/** Deletes a story: a live one first comes down for readers, and its timed jobs are cancelled. */
export async function removeStory(ctx: EditorialContext, actor: Actor, id: number): Promise<void> {
  const current = await storyFor(ctx, actor, id, 'delete');
  await ctx.db.transaction().execute(async (trx) => {
    if (current.stage === 'published') {
      await ctx.events.unpublished(trx, current, new Date().toISOString());
      await recordStoryChange(trx, current, null);
    }
    if (current.stage === 'scheduled') await ctx.events.publishAt(trx, current, null);
    if (current.unpublish_at) await ctx.events.unpublishAt(trx, current, null);
    await deleteStory(trx, id);
    await recordAudit(trx, { action: 'story.deleted', target: storyTarget(current), detail: { slug: current.slug, stage: current.stage } });
    await reindexArticles(trx, ctx.dialect, [id]);
  });
}
