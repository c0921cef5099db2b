import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Search at 100,000 stories (issue 11). SQLite's search joins each FTS5 match to its story
// to check that readers may see it (status, published_at). Those two columns sit after
// the body in the row, so every check read the body's overflow pages; this index holds
// what the check needs, keyed by id, so the join never touches the row. PostgreSQL's
// search checks visibility with bitmap scans on the primary key and gains nothing from it.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect.engine !== 'sqlite') return;
  await sql`CREATE INDEX articles_search_visible ON articles (id, status, published_at)`.execute(db);
}
