import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DatabaseBackup } from '../backup/database-backup.js';
import type { Tables } from '../schema.js';
import type { SearchAdapter } from '../search/search-adapter.js';
import type { ChangeSignal, ChangeWatch, ChangeWatchLog } from './change-watch.js';
import type { ClaimDueJobs } from './job-claim.js';

// The one seam where SQLite and PostgreSQL differ. Everything else in store/ is
// written once against Kysely and runs on both. Code that needs an engine's own
// behaviour asks the dialect for it (a method, or a capability flag), never for the
// engine's name.
export interface Dialect {
  /**
   * Which engine this is. Only the frozen migrations branch on it (0003); new code adds
   * an operation or a capability flag here instead.
   */
  readonly engine: 'sqlite' | 'postgres';
  /** Opens the connection (pool) with the engine's durability settings. */
  connect(): Kysely<Tables>;
  /** Column type and modifiers of an auto-increment integer primary key. */
  readonly idType: 'integer' | 'serial';
  idColumn(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Refreshes the planner's statistics after a bulk write, so joins use the indexes. */
  analyze(db: Kysely<Tables>): Promise<void>;
  /** The full-text index of stories: writing rows, ranked hits, capped counts (decision 0008). */
  readonly search: SearchAdapter;
  /** Marks due jobs running under a lease in one atomic step, so no two workers hold one job (decision 0006). */
  readonly claimDueJobs: ClaimDueJobs;
  /** Signals when another process may have committed a content change (change-watch.ts). */
  watchChanges(onSignal: ChangeSignal, log?: ChangeWatchLog): ChangeWatch;
  /** A consistent copy of the whole database while the site writes, and its restore (`masthead backup`). */
  readonly backup: DatabaseBackup;
}
