import { can, canOnStory, mayKnowOfStory, type Actor } from '../content/policy.js';
import { isReservedSlug, slugify } from '../content/slug.js';
import type { StoryPatch } from '../content/story-input.js';
import { bylineSlugOf } from '../store/access/staff-repository.js';
import { reindexArticles } from '../store/search/reindex-articles.js';
import { MOVES } from '../content/workflow.js';
import { insertStory, loadStory, slugTaken, storyRefsBySlugs, type StoryRecord } from '../store/stories/story-repository.js';
import type { Db } from '../store/store.js';
import { reloaded, staffIdOf, type EditorialContext } from './editorial-context.js';
import { applyMove, type MoveInput } from './move-story.js';
import { forbidden, invalid } from './newsroom-error.js';
import { recordRevision } from './record-revision.js';
import { freeStorySlug, resolvePatch } from './resolve-patch.js';
import { writePatch } from './write-patch.js';

// A new story is a draft with its first revision. Without a slug it takes the headline's,
// numbered when that one is taken. With `goLive` (the admin API's `status`) the same
// publish or schedule move the newsroom's buttons make follows in the same transaction,
// so a story the checklist refuses is not stored at all. A writer with an author profile
// gets it as the byline when they name none.

export type GoLive = MoveInput & { move: 'publish' | 'schedule' };

export async function createStory(ctx: EditorialContext, actor: Actor, asked: StoryPatch, at: Date, goLive?: GoLive): Promise<StoryRecord> {
  if (!can(actor, 'story.create')) throw forbidden();
  // The move's own rule, on the story this actor is about to own.
  if (goLive && !canOnStory(actor, MOVES[goLive.move].action, { createdBy: actor.id, stage: 'draft' })) throw forbidden();
  const now = at.toISOString();
  const patch = await withOwnByline(ctx.db, actor, asked);
  const title = patch.title ?? '';
  const { slug: requested, ...rest } = patch;
  const slug = requested ? await requestedSlug(ctx.db, actor, requested) : await freeStorySlug(ctx.db, headlineStem(title), null);
  const resolved = await resolvePatch(ctx.db, actor, rest, { id: null, current: null });
  const id = await ctx.db.transaction().execute(async (trx) => {
    const storyId = await insertStory(trx, {
      slug,
      title,
      body: JSON.stringify({ type: 'doc', content: [] }),
      createdBy: staffIdOf(actor),
      now,
    });
    await writePatch(trx, { id: storyId, revision: 1, resolved, patch, actor, now });
    await recordRevision(trx, (await loadStory(trx, storyId))!, actor, now);
    await reindexArticles(trx, ctx.dialect, [storyId]);
    if (goLive) await applyMove(ctx, trx, actor, (await loadStory(trx, storyId))!, goLive, now);
    return storyId;
  });
  return reloaded(ctx, id);
}

/** A writer's own author profile is the byline of a new story unless they chose one. */
async function withOwnByline(db: Db, actor: Actor, patch: StoryPatch): Promise<StoryPatch> {
  const staffId = staffIdOf(actor);
  if (patch.authors?.length || staffId === null) return patch;
  const own = await bylineSlugOf(db, staffId);
  return own ? { ...patch, authors: [own] } : patch;
}

function headlineStem(title: string): string {
  const base = slugify(title) || 'untitled-story';
  return isReservedSlug(base) ? `${base}-story` : base;
}

/**
 * The slug asked for, or why not. One held by a draft the actor may not know of gives
 * the next free one instead, as a taken headline does: a refusal would tell them it exists.
 */
async function requestedSlug(db: Db, actor: Actor, requested: string): Promise<string> {
  if (isReservedSlug(requested)) throw invalid([{ field: 'slug', message: `"${requested}" is reserved` }]);
  if (!(await slugTaken(db, requested, null))) return requested;
  const holder = (await storyRefsBySlugs(db, [requested])).get(requested);
  if (holder && !mayKnowOfStory(actor, holder)) return freeStorySlug(db, requested, null);
  throw invalid([{ field: 'slug', message: `"${requested}" is already used by another story or page` }]);
}
