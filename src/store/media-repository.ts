import { sql } from 'kysely';
import type { Db } from './store.js';

// The media library's rows: uploads waiting for their variants, and the finished set.

export async function findMediaRow(db: Db, id: number) {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records the variants once; a second run (a retried job) finds nothing to update. */
export async function markMediaReady(db: Db, id: number, variants: unknown[]): Promise<boolean> {
  const result = await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('media').set({ variants: JSON.stringify(variants), status: 'ready' })
      .where('id', '=', id).where('status', '=', 'processing').executeTakeFirst();
    // Pages showing this image drop from the page cache.
    if (Number(updated.numUpdatedRows) === 1) await trx.updateTable('publication').set({ content_version: sql`content_version + 1` }).where('id', '=', 1).execute();
    return Number(updated.numUpdatedRows) === 1;
  });
  return result;
}

export async function markMediaFailed(db: Db, id: number): Promise<void> {
  await db.updateTable('media').set({ status: 'failed' }).where('id', '=', id).where('status', '=', 'processing').execute();
}
