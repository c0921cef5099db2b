import { sql, type Transaction } from 'kysely';
import type { Dialect } from './dialects/dialect.js';
import { reindexStoriesOf } from './search/reindex-articles.js';
import type { Tables } from './schema.js';
import type { Db } from './store.js';
import { bumpContentVersion } from './story-repository.js';

// Sections, tags, authors and the media library as /api/admin writes them. Each write is
// one transaction that also bumps the content version (page caches key on it); a delete
// of something stories still use changes nothing and says so.

type Trx = Transaction<Tables> | Db;

export type TaxonomyKind = 'sections' | 'tags' | 'authors';

export interface SectionValues { slug: string; name: string; description: string; layout: 'standard' | 'briefs'; position: number }
export interface TagValues { slug: string; name: string; kind: 'topic' | 'person' | 'organization' | 'place' }
export interface AuthorValues { slug: string; name: string; bio: string; image_id: number | null }

/** Escapes a user's text for LIKE (with `escape '\'`), lower-cased, as a substring pattern. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listSections(db: Db) {
  return db.selectFrom('sections').select(['id', 'slug', 'name', 'description', 'layout', 'position']).orderBy('position').orderBy('id').execute();
}

export async function listTags(db: Db, page: { limit: number; offset: number }) {
  const query = db.selectFrom('tags');
  const [rows, total] = await Promise.all([
    query.select(['id', 'slug', 'name', 'kind']).orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function listAuthors(db: Db, page: { limit: number; offset: number }) {
  const query = db.selectFrom('authors').leftJoin('media', 'media.id', 'authors.image_id');
  const [rows, total] = await Promise.all([
    query.select(['authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'media.key as image'])
      .orderBy('authors.name').orderBy('authors.id').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function findSection(db: Trx, slug: string) {
  return db.selectFrom('sections').select(['id', 'slug', 'name', 'description', 'layout', 'position']).where('slug', '=', slug).executeTakeFirst();
}

export async function findTag(db: Trx, slug: string) {
  return db.selectFrom('tags').select(['id', 'slug', 'name', 'kind']).where('slug', '=', slug).executeTakeFirst();
}

export async function findAuthor(db: Trx, slug: string) {
  return db.selectFrom('authors').leftJoin('media', 'media.id', 'authors.image_id')
    .select(['authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'media.key as image']).where('authors.slug', '=', slug).executeTakeFirst();
}

export async function slugExists(db: Trx, kind: TaxonomyKind, slug: string): Promise<boolean> {
  return !!(await db.selectFrom(kind).select('id').where('slug', '=', slug).executeTakeFirst());
}

export async function nextSectionPosition(db: Trx): Promise<number> {
  const row = await db.selectFrom('sections').select((eb) => eb.fn.max('position').as('max')).executeTakeFirst();
  return Number(row?.max ?? -1) + 1;
}

export async function mediaIdByKey(db: Trx, key: string): Promise<number | undefined> {
  return (await db.selectFrom('media').select('id').where('key', '=', key).executeTakeFirst())?.id;
}

export async function insertSection(db: Db, values: SectionValues): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('sections').values(values).execute();
    await bumpContentVersion(trx);
  });
}

export async function insertTaxonomyTag(db: Db, values: TagValues): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('tags').values(values).execute();
    await bumpContentVersion(trx);
  });
}

export async function insertAuthor(db: Db, values: AuthorValues): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('authors').values(values).execute();
    await bumpContentVersion(trx);
  });
}

/** Applies `changes` to the row with `slug`; false when there is no such row. */
export async function updateTaxonomy(db: Db, dialect: Pick<Dialect, 'search'>, kind: TaxonomyKind, slug: string, changes: Record<string, unknown>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!Object.keys(changes).length) return slugExists(trx, kind, slug);
    const result = await trx.updateTable(kind).set(changes as never).where('slug', '=', slug).returning('id').executeTakeFirst();
    if (!result) return false;
    // The search index holds tag and author names.
    if (kind !== 'sections') await reindexStoriesOf(trx, dialect, kind === 'tags' ? 'tag' : 'author', [result.id]);
    await bumpContentVersion(trx);
    return true;
  });
}

const USES: Record<TaxonomyKind, Array<{ table: 'article_sections' | 'article_tags' | 'article_authors' | 'staff'; column: string }>> = {
  sections: [{ table: 'article_sections', column: 'section_id' }],
  tags: [{ table: 'article_tags', column: 'tag_id' }],
  authors: [{ table: 'article_authors', column: 'author_id' }, { table: 'staff', column: 'author_id' }],
};

/** 'in-use' when any story (or, for an author, a staff account) still refers to it. */
export async function deleteTaxonomy(db: Db, kind: TaxonomyKind, slug: string): Promise<'deleted' | 'missing' | { inUse: number }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom(kind).select('id').where('slug', '=', slug).executeTakeFirst();
    if (!row) return 'missing';
    let uses = 0;
    for (const use of USES[kind]) {
      const count = await trx.selectFrom(use.table).select((eb) => eb.fn.countAll<number>().as('n'))
        .where(sql.ref(use.column), '=', row.id).executeTakeFirstOrThrow();
      uses += Number(count.n);
    }
    if (uses) return { inUse: uses };
    await trx.deleteFrom(kind).where('id', '=', row.id).execute();
    await bumpContentVersion(trx);
    return 'deleted';
  });
}

const MEDIA_COLUMNS = ['id', 'key', 'file_stem', 'original_ext', 'mime', 'width', 'height', 'alt', 'caption', 'credit', 'variants',
  'created_at', 'status', 'original_name', 'byte_size'] as const;

export async function findMediaByKey(db: Db, key: string) {
  return db.selectFrom('media').select(MEDIA_COLUMNS).where('key', '=', key).executeTakeFirst();
}

/** Newest first; `text` matches the key, file name, alt text, caption or credit. */
export async function listMedia(db: Db, filter: { text?: string; limit: number; offset: number }) {
  let query = db.selectFrom('media');
  if (filter.text) {
    const pattern = likePattern(filter.text);
    query = query.where((eb) => eb.or(['key', 'original_name', 'alt', 'caption', 'credit'].map((column) =>
      eb(sql`lower(${sql.ref(column)})`, 'like', sql`${pattern} escape '\\'`))));
  }
  const [rows, total] = await Promise.all([
    query.select(MEDIA_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Alt text, caption and credit show on pages, so a change bumps the content version. */
export async function updateMediaFields(db: Db, key: string, changes: { alt?: string; caption?: string; credit?: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!Object.keys(changes).length) return (await mediaIdByKey(trx, key)) !== undefined;
    const result = await trx.updateTable('media').set(changes).where('key', '=', key).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await bumpContentVersion(trx);
    return true;
  });
}
