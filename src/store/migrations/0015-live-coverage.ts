import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 13: live coverage of a developing story (docs/live-coverage.md). A story is live
// from `live_started_at` until `live_ended_at`; an ended story keeps its page as a record.
// Each entry is a dated post with its own byline and body (the story body's document
// JSON). A deleted entry is kept with `deleted_at` so a reader's page that already shows
// it learns to drop it. `version` is the content version of the entry's latest change: the
// live feed's cursor, in commit order on both engines (store/publication/content-version.ts).
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('articles').addColumn('live_started_at', 'text').execute();
  await db.schema.alterTable('articles').addColumn('live_ended_at', 'text').execute();
  await db.schema
    .createTable('live_entries')
    .addColumn('id', dialect.idType, dialect.idColumn)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    // The byline: an author profile, kept when the profile goes (the entry then has none).
    .addColumn('author_id', 'integer', (c) => c.references('authors.id').onDelete('set null'))
    // Who posted it, for the newsroom; readers see the byline.
    .addColumn('staff_id', 'integer', (c) => c.references('staff.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('key_event', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Set when the body or byline was edited: readers see "Updated HH:MM".
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .execute();
  // "Entries of story X changed after cursor C", and the page's newest-first list.
  await db.schema.createIndex('live_entries_by_change').on('live_entries').columns(['article_id', 'version']).execute();
  await db.schema.createIndex('live_entries_by_created').on('live_entries').columns(['article_id', 'created_at']).execute();
}
