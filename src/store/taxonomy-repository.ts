import { sql, type Transaction } from 'kysely';
import type { AuthorInput, SectionInput, TagInput } from '../content/taxonomy-input.js';
import type { TagKind } from '../content/tag-kinds.js';
import { bumpContentVersion } from './story-repository.js';
import type { Tables } from './schema.js';
import type { Dialect } from './dialects/dialect.js';
import { reindexArticles, reindexStoriesOf } from './search/reindex-articles.js';
import type { Db } from './store.js';

/** Renames and deletes rewrite the search index rows of the stories concerned. */
type SearchIndex = Pick<Dialect, 'search'>;

// Sections, tags and author profiles as the newsroom manages them. Every write changes
// what readers see, so it bumps the content version in the same transaction and the page
// cache drops. A slug already in use is reported, not thrown: the form says so.

type Trx = Transaction<Tables>;
export type WriteResult = { ok: true; id: number } | { ok: false; reason: 'slug-taken' | 'missing' | 'in-use' | 'no-portrait'; count?: number };

async function slugInUse(db: Db | Trx, table: 'sections' | 'tags' | 'authors', slug: string, exceptId: number | null): Promise<boolean> {
  let query = db.selectFrom(table).select('id').where('slug', '=', slug);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return !!(await query.executeTakeFirst());
}

/**
 * Runs a write whose slug must be free. The check inside the transaction answers the
 * common case; when two saves race, the unique index refuses the second and the fresh
 * look afterwards turns that refusal into the same "taken" answer.
 */
async function withFreeSlug(db: Db, table: 'sections' | 'tags' | 'authors', slug: string, exceptId: number | null, write: (trx: Trx) => Promise<WriteResult>): Promise<WriteResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      if (await slugInUse(trx, table, slug, exceptId)) return { ok: false, reason: 'slug-taken' } as const;
      const result = await write(trx);
      if (result.ok) await bumpContentVersion(trx);
      return result;
    });
  } catch (error) {
    if (await slugInUse(db, table, slug, exceptId)) return { ok: false, reason: 'slug-taken' };
    throw error;
  }
}

/** How many stories carry a section, tag or author (the edit pages show it). */
export async function storiesUsing(db: Db, kind: 'section' | 'tag' | 'author', id: number): Promise<number> {
  const row = kind === 'section'
    ? await db.selectFrom('article_sections').select((eb) => eb.fn.countAll<number>().as('n')).where('section_id', '=', id).executeTakeFirstOrThrow()
    : kind === 'tag'
      ? await db.selectFrom('article_tags').select((eb) => eb.fn.countAll<number>().as('n')).where('tag_id', '=', id).executeTakeFirstOrThrow()
      : await db.selectFrom('article_authors').select((eb) => eb.fn.countAll<number>().as('n')).where('author_id', '=', id).executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- sections ------------------------------------------------------------------------

export async function listSections(db: Db) {
  const rows = await db.selectFrom('sections')
    .select(['sections.id', 'sections.slug', 'sections.name', 'sections.description', 'sections.layout', 'sections.position',
      (eb) => eb.selectFrom('article_sections').select((e) => e.fn.countAll<number>().as('n')).whereRef('article_sections.section_id', '=', 'sections.id').as('stories')])
    .orderBy('sections.position').orderBy('sections.id').execute();
  return rows.map((r) => ({ ...r, stories: Number(r.stories ?? 0) }));
}

export async function findSection(db: Db, id: number) {
  return db.selectFrom('sections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSection(db: Db, input: SectionInput): Promise<WriteResult> {
  return withFreeSlug(db, 'sections', input.slug, null, async (trx) => {
    const last = await trx.selectFrom('sections').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
    const position = Number(last?.p ?? -1) + 1;
    const row = await trx.insertInto('sections').values({ ...input, position }).returning('id').executeTakeFirstOrThrow();
    return { ok: true, id: row.id };
  });
}

export async function updateSection(db: Db, id: number, input: SectionInput): Promise<WriteResult> {
  return withFreeSlug(db, 'sections', input.slug, id, async (trx) => {
    const row = await trx.updateTable('sections').set(input).where('id', '=', id).returning('id').executeTakeFirst();
    return row ? { ok: true, id } : { ok: false, reason: 'missing' };
  });
}

/**
 * Swaps a section with its neighbour above or below. Positions are renumbered 0..n-1 in
 * the same transaction, so gaps or ties left by imports never make a move a no-op.
 */
export async function moveSection(db: Db, id: number, direction: 'up' | 'down'): Promise<WriteResult> {
  return db.transaction().execute(async (trx) => {
    const ordered = await trx.selectFrom('sections').select('id').orderBy('position').orderBy('id').execute();
    const ids = ordered.map((r) => r.id);
    const index = ids.indexOf(id);
    if (index < 0) return { ok: false, reason: 'missing' } as const;
    const other = direction === 'up' ? index - 1 : index + 1;
    if (other < 0 || other >= ids.length) return { ok: true, id } as const;
    [ids[index], ids[other]] = [ids[other]!, ids[index]!];
    for (const [position, sectionId] of ids.entries()) {
      await trx.updateTable('sections').set({ position }).where('id', '=', sectionId).where('position', '!=', position).execute();
    }
    await bumpContentVersion(trx);
    return { ok: true, id } as const;
  });
}

export async function deleteSection(db: Db, id: number): Promise<WriteResult> {
  return db.transaction().execute(async (trx) => {
    const used = await trx.selectFrom('article_sections').select((eb) => eb.fn.countAll<number>().as('n')).where('section_id', '=', id).executeTakeFirstOrThrow();
    if (Number(used.n)) return { ok: false, reason: 'in-use', count: Number(used.n) } as const;
    const row = await trx.deleteFrom('sections').where('id', '=', id).returning('id').executeTakeFirst();
    if (!row) return { ok: false, reason: 'missing' } as const;
    await bumpContentVersion(trx);
    return { ok: true, id } as const;
  });
}

// ---- tags ----------------------------------------------------------------------------

export async function listTags(db: Db, filter: { kind?: TagKind; text?: string }) {
  let query = db.selectFrom('tags')
    .select(['tags.id', 'tags.slug', 'tags.name', 'tags.kind',
      (eb) => eb.selectFrom('article_tags').select((e) => e.fn.countAll<number>().as('n')).whereRef('article_tags.tag_id', '=', 'tags.id').as('stories')]);
  if (filter.kind) query = query.where('tags.kind', '=', filter.kind);
  if (filter.text) {
    const pattern = `%${filter.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([
      eb(sql`lower(tags.name)`, 'like', sql`${pattern} escape '\\'`),
      eb(sql`lower(tags.slug)`, 'like', sql`${pattern} escape '\\'`),
    ]));
  }
  const rows = await query.orderBy('tags.name').orderBy('tags.id').limit(500).execute();
  return rows.map((r) => ({ ...r, stories: Number(r.stories ?? 0) }));
}

export async function findTag(db: Db, id: number) {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function createTag(db: Db, input: TagInput): Promise<WriteResult> {
  return withFreeSlug(db, 'tags', input.slug, null, async (trx) => {
    const row = await trx.insertInto('tags').values(input).returning('id').executeTakeFirstOrThrow();
    return { ok: true, id: row.id };
  });
}

export async function updateTag(db: Db, dialect: SearchIndex, id: number, input: TagInput): Promise<WriteResult> {
  return withFreeSlug(db, 'tags', input.slug, id, async (trx) => {
    const row = await trx.updateTable('tags').set(input).where('id', '=', id).returning('id').executeTakeFirst();
    if (row) await reindexStoriesOf(trx, dialect, 'tag', [id]);
    return row ? { ok: true, id } : { ok: false, reason: 'missing' };
  });
}

/** A tag leaves every story it was on (the link rows cascade). */
export async function deleteTag(db: Db, dialect: SearchIndex, id: number): Promise<WriteResult> {
  return db.transaction().execute(async (trx) => {
    const tagged = await trx.selectFrom('article_tags').select('article_id').where('tag_id', '=', id).execute();
    const row = await trx.deleteFrom('tags').where('id', '=', id).returning('id').executeTakeFirst();
    if (!row) return { ok: false, reason: 'missing' } as const;
    await reindexArticles(trx, dialect, tagged.map((t) => t.article_id));
    await bumpContentVersion(trx);
    return { ok: true, id } as const;
  });
}

/**
 * Moves every story from one tag to another and deletes the first, in one transaction:
 * a story that had both keeps one link (at the better of the two positions).
 */
export async function mergeTags(db: Db, dialect: SearchIndex, fromSlug: string, intoSlug: string): Promise<{ ok: true; moved: number } | { ok: false; missing: Array<'from' | 'into'> }> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('tags').select(['id', 'slug']).where('slug', 'in', [fromSlug, intoSlug]).execute();
    const from = rows.find((r) => r.slug === fromSlug);
    const into = rows.find((r) => r.slug === intoSlug);
    if (!from || !into) return { ok: false, missing: [...(from ? [] : ['from' as const]), ...(into ? [] : ['into' as const])] };
    const links = await trx.selectFrom('article_tags').select(['article_id', 'position']).where('tag_id', '=', from.id).execute();
    const existing = new Map((await trx.selectFrom('article_tags').select(['article_id', 'position']).where('tag_id', '=', into.id)
      .where('article_id', 'in', links.length ? links.map((l) => l.article_id) : [-1]).execute()).map((r) => [r.article_id, r.position]));
    for (const link of links) {
      const had = existing.get(link.article_id);
      if (had === undefined) {
        await trx.updateTable('article_tags').set({ tag_id: into.id }).where('article_id', '=', link.article_id).where('tag_id', '=', from.id).execute();
      } else if (link.position < had) {
        await trx.deleteFrom('article_tags').where('article_id', '=', link.article_id).where('tag_id', '=', into.id).execute();
        await trx.updateTable('article_tags').set({ tag_id: into.id }).where('article_id', '=', link.article_id).where('tag_id', '=', from.id).execute();
      }
    }
    await trx.deleteFrom('tags').where('id', '=', from.id).execute();
    await reindexArticles(trx, dialect, links.map((l) => l.article_id));
    await bumpContentVersion(trx);
    return { ok: true, moved: links.length };
  });
}

// ---- authors -------------------------------------------------------------------------

export async function listAuthors(db: Db) {
  const rows = await db.selectFrom('authors')
    .leftJoin('media', 'media.id', 'authors.image_id')
    .select(['authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'media.key as portrait',
      (eb) => eb.selectFrom('article_authors').select((e) => e.fn.countAll<number>().as('n')).whereRef('article_authors.author_id', '=', 'authors.id').as('stories')])
    .orderBy('authors.name').orderBy('authors.id').execute();
  const staff = await db.selectFrom('staff').select(['id', 'name', 'author_id']).where('author_id', 'is not', null).execute();
  return rows.map((r) => ({
    ...r, stories: Number(r.stories ?? 0),
    staff: staff.filter((s) => s.author_id === r.id).map((s) => ({ id: s.id, name: s.name })),
  }));
}

export async function findAuthor(db: Db, id: number) {
  const row = await db.selectFrom('authors').leftJoin('media', 'media.id', 'authors.image_id')
    .select(['authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'media.key as portrait'])
    .where('authors.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const staff = await db.selectFrom('staff').select(['id', 'name']).where('author_id', '=', id).execute();
  return { ...row, staff };
}

async function portraitId(trx: Trx, key: string): Promise<number | null | undefined> {
  if (!key) return null;
  const row = await trx.selectFrom('media').select('id').where('key', '=', key).executeTakeFirst();
  return row?.id;
}

export async function createAuthor(db: Db, input: AuthorInput): Promise<WriteResult> {
  return withFreeSlug(db, 'authors', input.slug, null, async (trx) => {
    const imageId = await portraitId(trx, input.portrait);
    if (imageId === undefined) return { ok: false, reason: 'no-portrait' };
    const row = await trx.insertInto('authors').values({ name: input.name, slug: input.slug, bio: input.bio, image_id: imageId })
      .returning('id').executeTakeFirstOrThrow();
    return { ok: true, id: row.id };
  });
}

export async function updateAuthor(db: Db, dialect: SearchIndex, id: number, input: AuthorInput): Promise<WriteResult> {
  return withFreeSlug(db, 'authors', input.slug, id, async (trx) => {
    const imageId = await portraitId(trx, input.portrait);
    if (imageId === undefined) return { ok: false, reason: 'no-portrait' };
    const row = await trx.updateTable('authors').set({ name: input.name, slug: input.slug, bio: input.bio, image_id: imageId })
      .where('id', '=', id).returning('id').executeTakeFirst();
    if (row) await reindexStoriesOf(trx, dialect, 'author', [id]);
    return row ? { ok: true, id } : { ok: false, reason: 'missing' };
  });
}

/** Only a profile no story carries; a linked staff account simply loses its link. */
export async function deleteAuthor(db: Db, id: number): Promise<WriteResult> {
  return db.transaction().execute(async (trx) => {
    const used = await trx.selectFrom('article_authors').select((eb) => eb.fn.countAll<number>().as('n')).where('author_id', '=', id).executeTakeFirstOrThrow();
    if (Number(used.n)) return { ok: false, reason: 'in-use', count: Number(used.n) } as const;
    await trx.updateTable('staff').set({ author_id: null }).where('author_id', '=', id).execute();
    const row = await trx.deleteFrom('authors').where('id', '=', id).returning('id').executeTakeFirst();
    if (!row) return { ok: false, reason: 'missing' } as const;
    await bumpContentVersion(trx);
    return { ok: true, id } as const;
  });
}

export async function authorOptions(db: Db) {
  return db.selectFrom('authors').select(['id', 'slug', 'name']).orderBy('name').execute();
}

export async function portraitOptions(db: Db) {
  return db.selectFrom('media').select(['key', 'alt', 'original_name']).where('status', '!=', 'failed').orderBy('created_at', 'desc').limit(500).execute();
}
