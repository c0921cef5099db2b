import { DEFAULT_MIGRATION_TABLE, Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './dialects/dialect.js';
import type { Tables } from './schema.js';
import { reindexAllArticles } from './search/reindex-articles.js';
import { rebuildAllAutoRelated } from './stories/auto-related.js';
import * as content from './migrations/0001-content.js';
import * as newsroom from './migrations/0002-newsroom.js';
import * as search from './migrations/0003-search.js';
import * as newsletter from './migrations/0004-newsletter.js';
import * as redirects from './migrations/0005-redirects.js';
import * as pages from './migrations/0006-pages.js';
import * as migrationItems from './migrations/0007-migration-items.js';
import * as contentChanges from './migrations/0008-content-changes.js';
import * as searchSpeed from './migrations/0009-search-speed.js';
import * as relatedStories from './migrations/0010-related-stories.js';
import * as auditLog from './migrations/0011-audit-log.js';
import * as twoFactor from './migrations/0012-two-factor.js';
import * as mailFailures from './migrations/0013-mail-failures.js';
import * as throttleReservations from './migrations/0014-throttle-reservations.js';
import * as liveCoverage from './migrations/0015-live-coverage.js';
import * as leadImageText from './migrations/0016-lead-image-text.js';
import * as revisionRange from './migrations/0018-revision-range.js';
import * as staffInvitations from './migrations/0019-staff-invitations.js';
import * as storyPresence from './migrations/0020-story-presence.js';

// Listed by hand, in order: a migration is code, so the compiled build carries it and no
// directory scan can pick up a stray file. Kysely's Migrator takes a lock (an advisory
// lock on PostgreSQL, a write transaction on SQLite) so only one process migrates.
const migrations = [
  ['0001-content', content],
  ['0002-newsroom', newsroom],
  ['0003-search', search],
  ['0004-newsletter', newsletter],
  ['0005-redirects', redirects],
  ['0006-pages', pages],
  ['0007-migration-items', migrationItems],
  ['0008-content-changes', contentChanges],
  ['0009-search-speed', searchSpeed],
  ['0010-related-stories', relatedStories],
  ['0011-audit-log', auditLog],
  ['0012-two-factor', twoFactor],
  ['0013-mail-failures', mailFailures],
  ['0014-throttle-reservations', throttleReservations],
  ['0015-live-coverage', liveCoverage],
  ['0016-lead-image-text', leadImageText],
  ['0018-revision-range', revisionRange],
  ['0019-staff-invitations', staffInvitations],
  ['0020-story-presence', storyPresence],
] as const;

function provider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations() {
      const entries: Record<string, Migration> = {};
      for (const [name, module] of migrations) entries[name] = { up: (db) => module.up(db, dialect) };
      return entries;
    },
  };
}

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<Tables>, dialect: Dialect): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: provider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('a migration failed', { cause: error });
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  await backFill(db, dialect, applied);
  return { applied };
}

/**
 * Work that a migration calls for but that runs today's code, so it cannot sit in a frozen
 * migration: when 0003 has just created the search index, the stories stored before it
 * are indexed, in one transaction, on the schema as it now is.
 */
async function backFill(db: Kysely<Tables>, dialect: Dialect, applied: readonly string[]): Promise<void> {
  if (applied.includes('0003-search')) await db.transaction().execute((trx) => reindexAllArticles(trx, dialect));
  if (applied.includes('0010-related-stories')) await db.transaction().execute((trx) => rebuildAllAutoRelated(trx));
}

/**
 * The migrations this build knows that the database has not applied (/readyz): a read of
 * the migrator's own table, which never creates it or takes its lock.
 */
export async function pendingMigrations(db: Kysely<Tables>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
  const applied = new Set(rows.map((row) => row.name));
  return migrations.map(([name]) => name).filter((name) => !applied.has(name));
}
