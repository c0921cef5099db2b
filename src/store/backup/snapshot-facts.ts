import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema.js';

// What a backup records about the database it copied, read on the copy's own snapshot:
// the migrations applied, the rows per table, and the media files the rows name (a
// backup copies exactly those, so files deleted or added later cannot tear it).

export interface StoredImageFiles {
  stem: string;
  ext: string;
  /** JSON of the image's variants, as stored. */
  variants: string;
}

export interface SnapshotFacts {
  migrations: string[];
  counts: Record<string, number>;
  images: StoredImageFiles[];
}

async function tableNames(db: Kysely<Tables>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables
    .filter((t) => !t.isView)
    .map((t) => t.name)
    .sort();
}

async function countRows(db: Kysely<Tables>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

export async function readSnapshotFacts(db: Kysely<Tables>): Promise<SnapshotFacts> {
  const counts: Record<string, number> = {};
  for (const table of await tableNames(db)) counts[table] = await countRows(db, table);
  const images = await db.selectFrom('media').select(['file_stem as stem', 'original_ext as ext', 'variants']).orderBy('id').execute();
  return { migrations: await appliedMigrations(db), counts, images };
}

/**
 * The tables that hold anything a person made: a freshly migrated site has rows only in
 * tables a migration seeds, so a row in any of these means the site is in use.
 */
const CONTENT_TABLES = ['articles', 'staff', 'media', 'subscribers', 'sections', 'tags', 'authors', 'pages', 'publication'] as const;

/** Whether the site holds content a restore would overwrite (the caller checks its media folder too). */
export async function siteHasContent(db: Kysely<Tables>): Promise<boolean> {
  const present = new Set((await db.introspection.getTables()).map((t) => t.name));
  for (const table of CONTENT_TABLES) {
    if (present.has(table) && (await countRows(db, table)) > 0) return true;
  }
  return false;
}

/** The migrations this database has applied, by name. */
export async function appliedMigrations(db: Kysely<Tables>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.map((r) => r.name);
}
