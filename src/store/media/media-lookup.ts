import { sql } from 'kysely';
import type { Db } from '../store.js';

// Media rows by id or key, and the library's text search (the API's).

/** The media rows with these ids, in one query (a story body's images). */
export async function findMediaByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('media').selectAll().where('id', 'in', [...ids]).execute();
}

export async function mediaByIds(db: Db, ids: number[]) {
  const unique = [...new Set(ids)];
  return unique.length ? db.selectFrom('media').selectAll().where('id', 'in', unique).execute() : [];
}

export const PUBLIC_MEDIA_COLUMNS = ['media.id', 'media.key', 'media.file_stem', 'media.original_ext', 'media.mime', 'media.width', 'media.height',
  'media.alt', 'media.caption', 'media.credit', 'media.variants'] as const;

export type MediaRow = Awaited<ReturnType<typeof publicMediaRows>>[number];

export async function authorImages(db: Db, ids: number[]) {
  if (!ids.length) return new Map<number, MediaRow>();
  const rows = await publicMediaRows(db, ids);
  return new Map(rows.map((m) => [m.id, m]));
}

function publicMediaRows(db: Db, ids: number[]) {
  return db.selectFrom('media').select(PUBLIC_MEDIA_COLUMNS).where('media.id', 'in', ids).execute();
}

/** Escapes a user's text for LIKE (with `escape '\'`), lower-cased, as a substring pattern. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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
