import type { Actor } from '../content/policy.js';
import { SECTION_MAX_DEPTH, type SectionInput } from '../content/taxonomy-input.js';
import { invalid, notFound } from '../editorial/newsroom-error.js';
import { recordSiteChange } from '../store/publication/content-version.js';
import {
  deleteTaxonomyRow,
  insertSectionRow,
  moveSectionRow,
  sectionTree,
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
  const { parent, ...fields } = input;
  const result = await writeWithFreeSlug(ctx.db, { table: 'sections', slug: input.slug, exceptId: null }, async (trx) => {
    const id = await insertSectionRow(trx, { ...fields, parent_id: (await parentIdFor(trx, null, parent)) ?? null });
    await recordSiteChange(trx);
    return id;
  });
  return settled('section', input.slug, result);
}

export async function updateSection(ctx: TaxonomyContext, actor: Actor, id: number, changes: Partial<SectionInput>): Promise<void> {
  allow(actor, 'taxonomy.manage');
  const { parent, ...fields } = changes;
  const result = await writeWithFreeSlug(ctx.db, { table: 'sections', slug: changes.slug ?? null, exceptId: id }, async (trx) => {
    const parentId = await parentIdFor(trx, id, parent);
    const row = parentId === undefined ? fields : { ...fields, parent_id: parentId };
    if (!(await updateTaxonomyRow(trx, 'sections', id, row))) return null;
    // An empty PATCH changes nothing readers see.
    if (Object.keys(changes).length) await recordSiteChange(trx);
    return id;
  });
  settled('section', changes.slug, result);
}

export async function moveSection(ctx: TaxonomyContext, actor: Actor, id: number, direction: 'up' | 'down'): Promise<void> {
  allow(actor, 'taxonomy.manage');
  const moved = await ctx.db.transaction().execute(async (trx) => {
    if (!(await moveSectionRow(trx, id, direction))) return false;
    await recordSiteChange(trx);
    return true;
  });
  if (!moved) throw notFound('section');
}

/**
 * Why a section cannot sit under `parentId`, or null when it can: not under itself or one
 * of its own subsections (a cycle), and no deeper than SECTION_MAX_DEPTH levels counting
 * the subsections it brings along. `id` is null for a section not yet stored.
 */
export function sectionPlacementProblem(
  tree: ReadonlyArray<{ id: number; parent_id: number | null }>,
  id: number | null,
  parentId: number,
): string | null {
  const parentOf = new Map(tree.map((s) => [s.id, s.parent_id]));
  let parentDepth = 0;
  // Bounded by the table's size, so a cycle already stored cannot loop forever.
  for (let at: number | null | undefined = parentId; at != null && parentDepth <= tree.length; at = parentOf.get(at)) {
    if (at === id) return 'cannot be the section itself or one of its subsections';
    parentDepth += 1;
  }
  const height = id === null ? 1 : subtreeHeight(tree, id);
  if (parentDepth + height > SECTION_MAX_DEPTH)
    return `would nest sections ${parentDepth + height} levels deep; at most ${SECTION_MAX_DEPTH} are allowed`;
  return null;
}

function subtreeHeight(tree: ReadonlyArray<{ id: number; parent_id: number | null }>, id: number, seen = new Set<number>()): number {
  if (seen.has(id)) return 0;
  seen.add(id);
  const children = tree.filter((s) => s.parent_id === id);
  return 1 + Math.max(0, ...children.map((c) => subtreeHeight(tree, c.id, seen)));
}

/** The parent's id for a write: undefined leaves it as it is, null is the top level; a refusal names the field. */
async function parentIdFor(trx: Parameters<typeof sectionTree>[0], id: number | null, parent: string | undefined) {
  if (parent === undefined) return undefined;
  if (parent === '') return null;
  const tree = await sectionTree(trx);
  const target = tree.find((s) => s.slug === parent);
  if (!target) throw invalid([{ field: 'parent', message: `there is no section "${parent}"` }]);
  const problem = sectionPlacementProblem(tree, id, target.id);
  if (problem) throw invalid([{ field: 'parent', message: problem }]);
  return target.id;
}

/** Only a section no story carries: a story's sections are its place on the site. */
export async function deleteSection(ctx: TaxonomyContext, actor: Actor, id: number): Promise<void> {
  allow(actor, 'taxonomy.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const stories = await storiesCarrying(trx, 'section', id);
    if (stories.length) throw inUse('section', stories.length);
    if (!(await deleteTaxonomyRow(trx, 'sections', id))) throw notFound('section');
    await recordSiteChange(trx);
  });
}
