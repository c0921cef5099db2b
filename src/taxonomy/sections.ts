import type { Actor } from '../content/policy.js';
import type { SectionInput } from '../content/taxonomy-input.js';
import { notFound } from '../editorial/newsroom-error.js';
import { bumpContentVersion } from '../store/publication/content-version.js';
import {
  deleteTaxonomyRow,
  insertSectionRow,
  moveSectionRow,
  storiesCarrying,
  updateTaxonomyRow,
} from '../store/taxonomy/taxonomy-writes.js';
import { writeWithFreeSlug } from '../store/unique-slug.js';
import { allow, inUse, settled, type TaxonomyContext } from './taxonomy-write.js';

// The one writer of sections, for the newsroom, /api/admin and any other door: one
// policy check, input already parsed by content/taxonomy-input.ts, one transaction per
// write that ends by bumping the content version (sections show on every page).

export async function createSection(ctx: TaxonomyContext, actor: Actor, input: SectionInput): Promise<number> {
  allow(actor, 'taxonomy.manage');
  const result = await writeWithFreeSlug(ctx.db, { table: 'sections', slug: input.slug, exceptId: null }, async (trx) => {
    const id = await insertSectionRow(trx, input);
    await bumpContentVersion(trx);
    return id;
  });
  return settled('section', input.slug, result);
}

export async function updateSection(ctx: TaxonomyContext, actor: Actor, id: number, changes: Partial<SectionInput>): Promise<void> {
  allow(actor, 'taxonomy.manage');
  const result = await writeWithFreeSlug(ctx.db, { table: 'sections', slug: changes.slug ?? null, exceptId: id }, async (trx) => {
    if (!(await updateTaxonomyRow(trx, 'sections', id, changes))) return null;
    // An empty PATCH changes nothing readers see.
    if (Object.keys(changes).length) await bumpContentVersion(trx);
    return id;
  });
  settled('section', changes.slug, result);
}

export async function moveSection(ctx: TaxonomyContext, actor: Actor, id: number, direction: 'up' | 'down'): Promise<void> {
  allow(actor, 'taxonomy.manage');
  const moved = await ctx.db.transaction().execute(async (trx) => {
    if (!(await moveSectionRow(trx, id, direction))) return false;
    await bumpContentVersion(trx);
    return true;
  });
  if (!moved) throw notFound('section');
}

/** Only a section no story carries: a story's sections are its place on the site. */
export async function deleteSection(ctx: TaxonomyContext, actor: Actor, id: number): Promise<void> {
  allow(actor, 'taxonomy.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const stories = await storiesCarrying(trx, 'section', id);
    if (stories.length) throw inUse('section', stories.length);
    if (!(await deleteTaxonomyRow(trx, 'sections', id))) throw notFound('section');
    await bumpContentVersion(trx);
  });
}
