import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 13: who has a story open in the editor right now (a soft lock). One row per
// story and person, refreshed by the editor page's heartbeat; a row whose `last_seen` is
// older than the timeout is ignored and swept. The revision check on every save stays
// the guarantee: this only tells people before they collide.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('story_presence')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    // When this person opened the story (kept across heartbeats), ISO-8601 UTC.
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    // The page load that sent the heartbeat: a goodbye from a page being reloaded must not
    // remove the presence its successor has just recorded.
    .addColumn('visit', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_presence_pk', ['article_id', 'staff_id'])
    .execute();
  await db.schema.createIndex('story_presence_by_last_seen').on('story_presence').column('last_seen').execute();
}
