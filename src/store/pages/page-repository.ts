import { rootPathRedirected } from '../redirects/redirect-repository.js';
import type { Insertable, Transaction, Updateable } from 'kysely';
import type { PageTable, Tables } from '../schema.js';
import type { Db } from '../store.js';

// The rows behind static pages. Writes run inside the transaction src/pages/pages.ts
// opens; nothing here decides who may write or checks input.

type Trx = Transaction<Tables> | Db;

export async function listPages(db: Db) {
  return db
    .selectFrom('pages')
    .select(['id', 'slug', 'title', 'status', 'footer_position', 'updated_at'])
    .orderBy('title')
    .orderBy('id')
    .execute();
}

export async function findPage(db: Trx, id: number) {
  return db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A page readers may see; drafts are not there. */
export async function findPublishedPage(db: Db, slug: string) {
  return db.selectFrom('pages').selectAll().where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst();
}

/** Every published page, for the sitemap. */
export async function publishedPageSlugs(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('pages').select('slug').where('status', '=', 'published').orderBy('slug').execute();
  return rows.map((r) => r.slug);
}

/**
 * Whether /{slug} already answers for something else: a story, a redirect from that
 * exact path (an old slug; the route tries it before pages), or another page.
 */
export async function rootSlugInUse(trx: Trx, slug: string, exceptPageId: number | null): Promise<boolean> {
  let pages = trx.selectFrom('pages').select('id').where('slug', '=', slug);
  if (exceptPageId !== null) pages = pages.where('id', '!=', exceptPageId);
  // An exact rule at /{slug} blocks the slug only while its target exists and is not this page.
  const [page, story, redirected] = await Promise.all([
    pages.executeTakeFirst(),
    trx.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst(),
    rootPathRedirected(trx, slug, exceptPageId === null ? null : { kind: 'page', id: exceptPageId }),
  ]);
  return !!(page || story || redirected);
}

export async function insertPageRow(trx: Trx, row: Insertable<PageTable>): Promise<number> {
  return (await trx.insertInto('pages').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePageRow(trx: Trx, id: number, changes: Updateable<PageTable>): Promise<boolean> {
  return !!(await trx.updateTable('pages').set(changes).where('id', '=', id).returning('id').executeTakeFirst());
}

export async function deletePageRow(trx: Trx, id: number): Promise<boolean> {
  return !!(await trx.deleteFrom('pages').where('id', '=', id).returning('id').executeTakeFirst());
}
