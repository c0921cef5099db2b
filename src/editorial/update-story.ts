import type { Actor } from '../content/policy.js';
import type { StoryPatch } from '../content/story-input.js';
import { reindexArticles } from '../store/search/reindex-articles.js';
import { rankAfterStoryWrite } from '../store/stories/auto-related.js';
import { loadStory, recordSlugChange, type StoryRecord } from '../store/stories/story-repository.js';
import type { Db } from '../store/store.js';
import { conflictError, reloaded, storyFor, type EditorialContext } from './editorial-context.js';
import { NewsroomError } from './newsroom-error.js';
import { recordRevision } from './record-revision.js';
import { recordStoryChange } from './reader-impact.js';
import { resolvePatch } from './resolve-patch.js';
import { writePatch } from './write-patch.js';

// A save: the fields a patch names, from the revision it started at. A live story's save
// is seen by readers at once (content version, `article.updated` webhook).

export async function updateStory(ctx: EditorialContext, actor: Actor, id: number, patch: StoryPatch, at: Date): Promise<StoryRecord> {
  const current = await storyFor(ctx, actor, id, 'edit');
  const now = at.toISOString();
  const base = patch.revision ?? current.revision;
  if (base !== current.revision) throw await conflictError(ctx.db, actor, current);
  const { revision: _revision, ...fields } = patch;
  const resolved = await resolvePatch(ctx.db, actor, fields, { id, current });
  await ctx.db.transaction().execute(async (trx) => {
    try {
      await writePatch(trx, { id, revision: base, resolved, patch: fields, actor, now });
    } catch (error) {
      if (error instanceof NewsroomError && error.code === 'CONFLICT')
        throw await conflictError(trx, actor, (await loadStory(trx, id)) ?? current);
      throw error;
    }
    if (typeof resolved.changes.slug === 'string' && resolved.changes.slug !== current.slug && current.published_at) {
      await recordSlugChange(trx, id, current.slug, resolved.changes.slug);
    }
    const saved = (await loadStory(trx, id))!;
    const reranked = await rankAfterStoryWrite(trx, id, current, saved);
    await recordRevision(trx, saved, actor, now);
    await reindexArticles(trx, ctx.dialect, [id]);
    await announceSave(ctx, trx, { current, saved, reranked, unpublishAtChanged: 'unpublish_at' in resolved.changes, now });
  });
  return reloaded(ctx, id);
}

/** What readers and jobs learn of a save: only a live (or scheduled) story has any. */
async function announceSave(
  ctx: EditorialContext,
  trx: Db,
  save: { current: StoryRecord; saved: StoryRecord; reranked: number[]; unpublishAtChanged: boolean; now: string },
): Promise<void> {
  const { current, saved } = save;
  const live = current.stage === 'published';
  if (live) {
    await recordStoryChange(trx, current, saved, save.reranked);
    await ctx.events.updated(trx, saved, save.now);
  }
  if (save.unpublishAtChanged && (live || current.stage === 'scheduled')) {
    await ctx.events.unpublishAt(trx, saved, saved.unpublish_at);
  }
}
