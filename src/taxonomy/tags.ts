import type { Actor } from '../content/policy.js';
import type { TagInput } from '../content/taxonomy-input.js';
import { invalid, notFound } from '../editorial/newsroom-error.js';
import { recordSiteChange } from '../store/publication/content-version.js';
import { reindexArticles, reindexStoriesOf } from '../store/search/reindex-articles.js';
import { deleteTaxonomyRow, insertTagRow, moveTagLinks, storiesCarrying, updateTaxonomyRow } from '../store/taxonomy/taxonomy-writes.js';
import { writeWithFreeSlug } from '../store/unique-slug.js';
import { idsBySlugs } from '../store/stories/story-repository.js';
import { allow, settled, type TaxonomyContext } from './taxonomy-write.js';

// The one writer of tags (a story's inline "new tag" is made inside the story's own
// transaction by editorial/stories.ts, through the same store function and schema).
// Tag names are in the search index, so a rename, delete or merge reindexes the stories
// that carry the tag in the same transaction.

export async function createTag(ctx: TaxonomyContext, actor: Actor, input: TagInput): Promise<number> {
  allow(actor, 'tag.create');
  const result = await writeWithFreeSlug(ctx.db, { table: 'tags', slug: input.slug, exceptId: null }, async (trx) => {
    const id = await insertTagRow(trx, input);
    await recordSiteChange(trx);
    return id;
  });
  return settled('tag', input.slug, result);
}

export async function updateTag(ctx: TaxonomyContext, actor: Actor, id: number, changes: Partial<TagInput>): Promise<void> {
  allow(actor, 'taxonomy.manage');
  const result = await writeWithFreeSlug(ctx.db, { table: 'tags', slug: changes.slug ?? null, exceptId: id }, async (trx) => {
    if (!(await updateTaxonomyRow(trx, 'tags', id, changes))) return null;
    // An empty PATCH changes nothing readers see or search by.
    if (Object.keys(changes).length) {
      await reindexStoriesOf(trx, ctx.dialect, 'tag', [id]);
      await recordSiteChange(trx);
    }
    return id;
  });
  settled('tag', changes.slug, result);
}

/** A tag leaves every story it was on, whichever door asks: the link rows cascade and those stories are reindexed. */
export async function deleteTag(ctx: TaxonomyContext, actor: Actor, id: number): Promise<void> {
  allow(actor, 'taxonomy.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const tagged = await storiesCarrying(trx, 'tag', id);
    if (!(await deleteTaxonomyRow(trx, 'tags', id))) throw notFound('tag');
    await reindexArticles(trx, ctx.dialect, tagged);
    await recordSiteChange(trx);
  });
}

/** Moves every story from one tag to another and deletes the first, in one transaction. */
export async function mergeTags(ctx: TaxonomyContext, actor: Actor, slugs: { from: string; into: string }): Promise<number> {
  allow(actor, 'taxonomy.manage');
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await idsBySlugs(trx, 'tags', [slugs.from, slugs.into]);
    const from = rows.get(slugs.from);
    const into = rows.get(slugs.into);
    if (from === undefined || into === undefined) {
      throw invalid(
        (['from', 'into'] as const)
          .filter((field) => !rows.has(slugs[field]))
          .map((field) => ({ field, message: 'is not an existing tag' })),
      );
    }
    const moved = await moveTagLinks(trx, from, into);
    await deleteTaxonomyRow(trx, 'tags', from);
    await reindexArticles(trx, ctx.dialect, moved);
    await recordSiteChange(trx);
    return moved.length;
  });
}
