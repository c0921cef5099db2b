import type { Transaction } from 'kysely';
import { lowerContains } from '../like-pattern.js';
import { recordSiteChange } from '../publication/content-version.js';
import type { Tables } from '../schema.js';
import type { Db } from '../store.js';

// The media library's rows: uploads waiting for their variants, and the finished set.

export async function findMediaRow(db: Db, id: number) {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records the variants once; a second run (a retried job) finds nothing to update. */
export async function markMediaReady(db: Db, id: number, variants: unknown[]): Promise<boolean> {
  const result = await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('media')
      .set({ variants: JSON.stringify(variants), status: 'ready' })
      .where('id', '=', id)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    // Pages showing this image drop from the page cache.
    if (Number(updated.numUpdatedRows) === 1) await recordSiteChange(trx);
    return Number(updated.numUpdatedRows) === 1;
  });
  return result;
}

export async function markMediaFailed(db: Db, id: number): Promise<void> {
  await db.updateTable('media').set({ status: 'failed' }).where('id', '=', id).where('status', '=', 'processing').execute();
}

export interface NewUpload {
  key: string;
  fileStem: string;
  ext: string;
  mime: string;
  width: number;
  height: number;
  sha256: string;
  alt: string;
  caption: string;
  credit: string;
  originalName: string;
  byteSize: number;
  uploadedBy: number | null;
  now: string;
}

export async function insertUploadedMedia(db: Db, upload: NewUpload): Promise<number> {
  const row = await db
    .insertInto('media')
    .values({
      key: upload.key,
      file_stem: upload.fileStem,
      original_ext: upload.ext,
      mime: upload.mime,
      width: upload.width,
      height: upload.height,
      sha256: upload.sha256,
      alt: upload.alt,
      caption: upload.caption,
      credit: upload.credit,
      variants: '[]',
      created_at: upload.now,
      status: 'processing',
      original_name: upload.originalName,
      byte_size: upload.byteSize,
      uploaded_by: upload.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface MediaSearch {
  q?: string;
  ids?: number[];
  limit: number;
  offset: number;
}

export async function searchMedia(db: Db, search: MediaSearch) {
  let query = db.selectFrom('media');
  if (search.ids) query = query.where('id', 'in', search.ids.length ? search.ids : [-1]);
  if (search.q) {
    const q = search.q;
    query = query.where((eb) => eb.or(['alt', 'caption', 'credit', 'original_name', 'key'].map((column) => lowerContains(column, q))));
  }
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(search.limit).offset(search.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Inside the caller's transaction; false when there is no such image. */
export async function updateMediaText(
  trx: Transaction<Tables>,
  id: number,
  text: { alt?: string; caption?: string; credit?: string },
): Promise<boolean> {
  if (!Object.keys(text).length) return !!(await trx.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst());
  return !!(await trx.updateTable('media').set(text).where('id', '=', id).returning('id').executeTakeFirst());
}

/**
 * Where an image is used: stories (lead and body images, kept in article_media), author
 * portraits, static pages whose body shows it (an image or gallery node names its id in
 * the stored document) and newsletter issues whose frozen email links its files. The
 * "used in" list, and what stops a delete.
 */
export async function mediaUsage(db: Db, id: number) {
  const media = await db.selectFrom('media').select('file_stem').where('id', '=', id).executeTakeFirst();
  // The stored documents are JSON.stringify's output: `"mediaId":12` then `,` or `}`.
  const named = [`%"mediaId":${id},%`, `%"mediaId":${id}}%`];
  const [stories, authors, pages, issues] = await Promise.all([
    db
      .selectFrom('article_media')
      .innerJoin('articles', 'articles.id', 'article_media.article_id')
      .select(['articles.id', 'articles.title', 'articles.stage'])
      .where('article_media.media_id', '=', id)
      .orderBy('articles.id', 'desc')
      .execute(),
    db.selectFrom('authors').select(['id', 'name', 'slug']).where('image_id', '=', id).execute(),
    db
      .selectFrom('pages')
      .select(['id', 'title', 'slug'])
      .where((eb) => eb.or(named.map((pattern) => eb('body', 'like', pattern))))
      .orderBy('id')
      .execute(),
    media
      ? db
          .selectFrom('newsletter_issues')
          .select(['id', 'subject'])
          .where((eb) => eb.or([eb('html', 'like', `%/media/${media.file_stem}%`), eb('text', 'like', `%/media/${media.file_stem}%`)]))
          .orderBy('id')
          .execute()
      : [],
  ]);
  return { stories, authors, pages, issues };
}

export async function deleteMediaRow(trx: Transaction<Tables>, id: number): Promise<boolean> {
  return !!(await trx.deleteFrom('media').where('id', '=', id).returning('id').executeTakeFirst());
}

export async function mediaKeyTaken(db: Db, key: string): Promise<boolean> {
  return !!(await db.selectFrom('media').select('id').where('key', '=', key).executeTakeFirst());
}
