import { sql, type Transaction } from 'kysely';
import type { TagKind } from '../../content/tag-kinds.js';
import type { Tables } from '../schema.js';
import type { Db } from '../store.js';

// The rows behind sections, tags and author profiles, written inside the transaction a
// taxonomy service (src/taxonomy/) opens. Nothing here decides who may write or checks
// input: the services and content/taxonomy-input.ts do.

type Trx = Transaction<Tables> | Db;

export interface SectionRow {
  name: string;
  slug: string;
  description: string;
  layout: 'standard' | 'briefs';
  position?: number | undefined;
  parent_id?: number | null | undefined;
}
export interface TagRow {
  name: string;
  slug: string;
  kind: TagKind;
}
export interface AuthorRow {
  name: string;
  slug: string;
  bio: string;
  image_id: number | null;
}

const LINKS = {
  section: { table: 'article_sections', column: 'section_id' },
  tag: { table: 'article_tags', column: 'tag_id' },
  author: { table: 'article_authors', column: 'author_id' },
} as const;

/** The stories that carry a section, tag or author. */
export async function storiesCarrying(trx: Trx, kind: keyof typeof LINKS, id: number): Promise<number[]> {
  const link = LINKS[kind];
  const rows = await trx.selectFrom(link.table).select('article_id').where(sql.ref(link.column), '=', id).execute();
  return rows.map((r) => r.article_id);
}

export async function mediaIdOfKey(trx: Trx, key: string): Promise<number | undefined> {
  return (await trx.selectFrom('media').select('id').where('key', '=', key).executeTakeFirst())?.id;
}

/** Every section's place in the tree: a small table, read whole to check a move. */
export async function sectionTree(trx: Trx): Promise<Array<{ id: number; slug: string; parent_id: number | null }>> {
  return trx.selectFrom('sections').select(['id', 'slug', 'parent_id']).execute();
}

export async function insertSectionRow(trx: Trx, row: SectionRow): Promise<number> {
  let position = row.position;
  if (position === undefined) {
    const last = await trx
      .selectFrom('sections')
      .select((eb) => eb.fn.max('position').as('p'))
      .executeTakeFirst();
    position = Number(last?.p ?? -1) + 1;
  }
  return (
    await trx
      .insertInto('sections')
      .values({ ...row, position })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/** Swaps a section with its neighbour and renumbers 0..n-1, so gaps or ties never make a move a no-op; false when missing. */
export async function moveSectionRow(trx: Trx, id: number, direction: 'up' | 'down'): Promise<boolean> {
  const ids = (await trx.selectFrom('sections').select('id').orderBy('position').orderBy('id').execute()).map((r) => r.id);
  const index = ids.indexOf(id);
  if (index < 0) return false;
  const other = direction === 'up' ? index - 1 : index + 1;
  if (other < 0 || other >= ids.length) return true;
  [ids[index], ids[other]] = [ids[other]!, ids[index]!];
  for (const [position, sectionId] of ids.entries()) {
    await trx.updateTable('sections').set({ position }).where('id', '=', sectionId).where('position', '!=', position).execute();
  }
  return true;
}

export async function insertTagRow(trx: Trx, row: TagRow): Promise<number> {
  return (await trx.insertInto('tags').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The tag with this slug, made when there is none (a story's inline new tag). */
export async function findOrInsertTagRow(trx: Trx, row: TagRow): Promise<number> {
  const created = await trx
    .insertInto('tags')
    .values(row)
    .onConflict((oc) => oc.column('slug').doUpdateSet({ slug: row.slug }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

/** Moves every story from one tag to another: a story that had both keeps one link, at the better position. */
export async function moveTagLinks(trx: Trx, fromId: number, intoId: number): Promise<number[]> {
  const links = await trx.selectFrom('article_tags').select(['article_id', 'position']).where('tag_id', '=', fromId).execute();
  const existing = new Map(
    (
      await trx
        .selectFrom('article_tags')
        .select(['article_id', 'position'])
        .where('tag_id', '=', intoId)
        .where('article_id', 'in', links.length ? links.map((l) => l.article_id) : [-1])
        .execute()
    ).map((r) => [r.article_id, r.position]),
  );
  for (const link of links) {
    const had = existing.get(link.article_id);
    if (had !== undefined && link.position >= had) continue;
    if (had !== undefined)
      await trx.deleteFrom('article_tags').where('article_id', '=', link.article_id).where('tag_id', '=', intoId).execute();
    await trx
      .updateTable('article_tags')
      .set({ tag_id: intoId })
      .where('article_id', '=', link.article_id)
      .where('tag_id', '=', fromId)
      .execute();
  }
  return links.map((l) => l.article_id);
}

export async function insertAuthorRow(trx: Trx, row: AuthorRow): Promise<number> {
  return (await trx.insertInto('authors').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Applies changes to one row; false when there is no such row. */
export async function updateTaxonomyRow(
  trx: Trx,
  table: 'sections' | 'tags' | 'authors',
  id: number,
  changes: Partial<SectionRow & TagRow & AuthorRow>,
): Promise<boolean> {
  if (!Object.keys(changes).length) return !!(await trx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst());
  return !!(await trx
    .updateTable(table)
    .set(changes as never)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst());
}

/** Deletes one row; link rows cascade, and a staff account linked to an author loses the link. */
export async function deleteTaxonomyRow(trx: Trx, table: 'sections' | 'tags' | 'authors', id: number): Promise<boolean> {
  if (table === 'authors') await trx.updateTable('staff').set({ author_id: null }).where('author_id', '=', id).execute();
  return !!(await trx.deleteFrom(table).where('id', '=', id).returning('id').executeTakeFirst());
}
