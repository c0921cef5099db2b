import { sql, type Transaction } from 'kysely';
import type { Tables } from './schema.js';
import type { Db } from './store.js';

// Sections, tags, authors and the media library as /api/admin reads them, by slug or key.
// Their writes go through the services in src/taxonomy/ and src/media/, as the
// newsroom's do.

type Trx = Transaction<Tables> | Db;

export type TaxonomyKind = 'sections' | 'tags' | 'authors';

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
