import { can, type Actor } from '../content/policy.js';
import { isReservedSlug, slugify } from '../content/slug.js';
import type { StoryPatch } from '../content/story-input.js';
import { reindexArticles } from '../store/search/reindex-articles.js';
import { insertStory, loadStory, slugTaken, type StoryRecord } from '../store/stories/story-repository.js';
import type { Db } from '../store/store.js';
import { reloaded, staffIdOf, type EditorialContext } from './editorial-context.js';
import { forbidden, invalid, NewsroomError } from './newsroom-error.js';
import { recordRevision } from './record-revision.js';
import { resolvePatch } from './resolve-patch.js';
import { writePatch } from './write-patch.js';

// A new story is a draft with its first revision. Without a slug it takes the headline's,
// numbered when that one is taken.

export async function createStory(ctx: EditorialContext, actor: Actor, patch: StoryPatch, at: Date): Promise<StoryRecord> {
  if (!can(actor, 'story.create')) throw forbidden();
  const now = at.toISOString();
  const title = patch.title ?? '';
  const { slug: requested, ...rest } = patch;
  const slug = requested ?? (await uniqueSlug(ctx.db, title));
  if (requested && (isReservedSlug(requested) || (await slugTaken(ctx.db, requested, null)))) {
    throw invalid([
      { field: 'slug', message: `"${requested}" is ${isReservedSlug(requested) ? 'reserved' : 'already used by another story or page'}` },
    ]);
  }
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
    return storyId;
  });
  return reloaded(ctx, id);
}

async function uniqueSlug(db: Db, title: string): Promise<string> {
  const base = slugify(title) || 'untitled-story';
  const stem = isReservedSlug(base) ? `${base}-story` : base;
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? stem : `${stem}-${n}`;
    if (!(await slugTaken(db, candidate, null))) return candidate;
  }
  throw new NewsroomError(409, 'SLUG_TAKEN', 'Could not find a free address for this headline.');
}
