import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import { sqlIn } from './0001-content.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// The full-text index of stories and the feed setting (issue 5). The engines differ, so this is the one
// migration with a branch per engine; neither table is in schema.ts because only the
// search adapters in store/dialects/ read or write them.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect.engine === 'sqlite') {
    // rowid is the story's id. porter stems English ("talks" finds "talk"); unicode61
    // with remove_diacritics 2 lets "Ordonez" find "Ordoñez".
    await sql`CREATE VIRTUAL TABLE article_search USING fts5(
      title, dek, body, tags, authors,
      tokenize = 'porter unicode61 remove_diacritics 2'
    )`.execute(db);
    // A virtual table cannot carry a foreign key, so a trigger keeps deletes in step.
    await sql`CREATE TRIGGER article_search_on_delete AFTER DELETE ON articles
      BEGIN DELETE FROM article_search WHERE rowid = old.id; END`.execute(db);
  } else {
    await db.schema
      .createTable('article_search')
      .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
      // Kept as text for ts_headline's snippets.
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('document', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`CREATE INDEX article_search_document ON article_search USING GIN (document)`.execute(db);
  }
  // Feeds carry whole stories unless the publication prefers excerpts.
  await db.schema
    .alterTable('publication')
    .addColumn('feed_content', 'text', (c) =>
      c
        .notNull()
        .defaultTo('full')
        .check(sqlIn('feed_content', ['full', 'excerpt'])),
    )
    .execute();
  // Stories stored before this migration are indexed by migrate.ts once every migration
  // has run (the back-fill uses today's indexer, so it may not live in a frozen file).
}
