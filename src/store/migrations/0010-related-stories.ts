import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 11: a story's automatic related stories, ranked when the story or its neighbours
// are written (store/stories/auto-related.ts) instead of by a tag self-join on every
// render. The ranking is candidates, best first: the reader page keeps the visible ones.
// Stories stored before this migration are ranked by migrate.ts's back-fill.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('article_auto_related')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('related_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // In rank order, so the reader's query stops at the first few visible candidates.
    .addPrimaryKeyConstraint('article_auto_related_pk', ['article_id', 'position'])
    .execute();
  // Deleting a story cascades to the lists that name it, and a write re-ranks those lists.
  await db.schema.createIndex('article_auto_related_by_related_id').on('article_auto_related').columns(['related_id']).execute();
}
