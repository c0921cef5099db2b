import type { Selectable } from 'kysely';
import type { MigrationItemTable } from '../schema.js';
import type { Db } from '../store.js';

// The ledger of a migration: every record it wrote, by the source's own id. Re-runs and
// resumed runs read it to tell "already here, unchanged" from "new" or "changed", so two
// posts that share a title stay two stories and nothing is written twice.

export type MigrationKind = MigrationItemTable['kind'];
export type MigrationItem = Selectable<MigrationItemTable>;

/** The ledger rows of these source ids, by source id (500 ids a query). */
export async function findMigrationItems(
  db: Db,
  source: string,
  kind: MigrationKind,
  sourceIds: string[],
): Promise<Map<string, MigrationItem>> {
  const out = new Map<string, MigrationItem>();
  const unique = [...new Set(sourceIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('migration_items')
      .selectAll()
      .where('source', '=', source)
      .where('kind', '=', kind)
      .where('source_id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const row of rows) out.set(row.source_id, row);
  }
  return out;
}

export interface LedgerEntry {
  source: string;
  kind: MigrationKind;
  sourceId: string;
  targetId: number;
  fingerprint: string;
  flags: string[];
  now: string;
}

/** Records what a batch wrote (one statement per 200 entries); an entry already there takes the new values. */
export async function recordMigrationItems(db: Db, entries: LedgerEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 200) {
    await db
      .insertInto('migration_items')
      .values(
        entries.slice(i, i + 200).map((item) => ({
          source: item.source,
          kind: item.kind,
          source_id: item.sourceId,
          target_id: item.targetId,
          fingerprint: item.fingerprint,
          flags: JSON.stringify(item.flags),
          imported_at: item.now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['source', 'kind', 'source_id']).doUpdateSet((eb) => ({
          target_id: eb.ref('excluded.target_id'),
          fingerprint: eb.ref('excluded.fingerprint'),
          flags: eb.ref('excluded.flags'),
          imported_at: eb.ref('excluded.imported_at'),
        })),
      )
      .execute();
  }
}

/**
 * Imported stories whose images carry no credit (neither WordPress nor Ghost has the
 * field): the newsroom's list to fix by hand. A story drops off once every image it
 * shows has a credit.
 */
export async function importedStoriesMissingCredit(db: Db, limit = 500) {
  return db
    .selectFrom('migration_items as m')
    .innerJoin('articles as a', 'a.id', 'm.target_id')
    .innerJoin('article_media as am', 'am.article_id', 'a.id')
    .innerJoin('media as md', 'md.id', 'am.media_id')
    .where('m.kind', '=', 'story')
    .where('md.credit', '=', '')
    .select(['a.id', 'a.slug', 'a.title', 'a.stage', 'm.source'])
    .select((eb) => eb.fn.count<number>('md.id').distinct().as('uncredited'))
    .groupBy(['a.id', 'a.slug', 'a.title', 'a.stage', 'm.source'])
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

/**
 * Imported stories the source kept from the public (private, password, members-only,
 * paid): they arrived as drafts, and the newsroom decides what becomes of each.
 */
export async function importedRestrictedStories(db: Db, limit = 500) {
  return db
    .selectFrom('migration_items as m')
    .innerJoin('articles as a', 'a.id', 'm.target_id')
    .where('m.kind', '=', 'story')
    .where((eb) => eb.or(['private', 'password', 'members', 'paid'].map((flag) => eb('m.flags', 'like', `%"${flag}"%`))))
    .select(['a.id', 'a.title', 'a.stage', 'm.flags', 'm.source'])
    .orderBy('a.id')
    .limit(limit)
    .execute();
}
