import type { Db } from '../store.js';

// Who has a story open in the editor (table story_presence, migration 0020). Rows are
// refreshed by heartbeats and read with a freshness cutoff, so a browser that vanished
// without saying goodbye stops counting on its own; stale rows are swept on the next write.

export interface PresenceRow {
  staffId: number;
  name: string;
  since: string;
  lastSeen: string;
}

/** Records a heartbeat: the first one of a visit sets `since`, later ones only `last_seen`. */
export async function touchPresence(
  db: Db,
  entry: { articleId: number; staffId: number; visit: string; now: string; staleBefore: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('story_presence').where('last_seen', '<', entry.staleBefore).execute();
    await trx
      .insertInto('story_presence')
      .values({ article_id: entry.articleId, staff_id: entry.staffId, since: entry.now, last_seen: entry.now, visit: entry.visit })
      .onConflict((oc) => oc.columns(['article_id', 'staff_id']).doUpdateSet({ last_seen: entry.now, visit: entry.visit }))
      .execute();
  });
}

/** Removes the person's presence if `visit` is still the page that recorded it. */
export async function releasePresence(db: Db, entry: { articleId: number; staffId: number; visit: string }): Promise<void> {
  await db
    .deleteFrom('story_presence')
    .where('article_id', '=', entry.articleId)
    .where('staff_id', '=', entry.staffId)
    .where('visit', '=', entry.visit)
    .execute();
}

/** Everyone but `exceptStaffId` seen on the story since `freshAfter`, longest there first. */
export async function listPresence(
  db: Db,
  query: { articleId: number; exceptStaffId: number; freshAfter: string },
): Promise<PresenceRow[]> {
  const rows = await db
    .selectFrom('story_presence')
    .innerJoin('staff', 'staff.id', 'story_presence.staff_id')
    .select(['story_presence.staff_id', 'staff.name', 'story_presence.since', 'story_presence.last_seen'])
    .where('story_presence.article_id', '=', query.articleId)
    .where('story_presence.staff_id', '!=', query.exceptStaffId)
    .where('story_presence.last_seen', '>=', query.freshAfter)
    .orderBy('story_presence.since')
    .orderBy('story_presence.staff_id')
    .execute();
  return rows.map((row) => ({ staffId: row.staff_id, name: row.name, since: row.since, lastSeen: row.last_seen }));
}
