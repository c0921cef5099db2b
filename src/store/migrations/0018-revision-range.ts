import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 13: saves by one person within ten minutes are one revision
// (editorial/record-revision.ts), so a revision spans a range of saves. `created_at` stays
// its first save; `last_saved_at` is its last (null while it holds a single save).
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('article_revisions').addColumn('last_saved_at', 'text').execute();
}
