import type { Db } from '../store.js';
import { lowerContains } from '../like-pattern.js';

// Media rows by id or key, and the library's text search (the API's).

/** The media rows with these ids (repeats allowed), in one query; none for no ids. */
export async function findMediaByIds(db: Db, ids: readonly number[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return db.selectFrom('media').selectAll().where('id', 'in', unique).execute();
}

const PUBLIC_FIELDS = [
  'id',
  'key',
  'file_stem',
  'original_ext',
  'mime',
  'width',
  'height',
  'alt',
  'caption',
  'credit',
  'variants',
] as const;
type MediaRecord = Awaited<ReturnType<typeof findMediaByIds>>[number];
/** What the content API shows of an image: no upload status, file name or size. */
export type MediaRow = Pick<MediaRecord, (typeof PUBLIC_FIELDS)[number]>;

/** The public fields of these images, by id. */
export async function publicMediaByIds(db: Db, ids: readonly number[]): Promise<Map<number, MediaRow>> {
  const rows = await findMediaByIds(db, ids);
  return new Map(rows.map((row) => [row.id, Object.fromEntries(PUBLIC_FIELDS.map((f) => [f, row[f]])) as MediaRow]));
}

/** The public fields and what the library shows beside them: upload status, file name, size. */
const LIBRARY_COLUMNS = [...PUBLIC_FIELDS, 'created_at', 'status', 'original_name', 'byte_size'] as const;

export async function findMediaByKey(db: Db, key: string) {
  return db.selectFrom('media').select(LIBRARY_COLUMNS).where('key', '=', key).executeTakeFirst();
}

/** Newest first; `text` matches the key, file name, alt text, caption or credit. */
export async function listMedia(db: Db, filter: { text?: string; limit: number; offset: number }) {
  let query = db.selectFrom('media');
  const text = filter.text;
  if (text)
    query = query.where((eb) => eb.or(['key', 'original_name', 'alt', 'caption', 'credit'].map((column) => lowerContains(column, text))));
  const [rows, total] = await Promise.all([
    query.select(LIBRARY_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
