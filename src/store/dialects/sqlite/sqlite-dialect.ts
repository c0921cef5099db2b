import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Tables } from '../../schema.js';
import type { Dialect } from '../dialect.js';
import { sqliteBackup } from './sqlite-backup.js';
import { sqliteWatchChanges } from './sqlite-change-watch.js';
import { sqliteClaimDueJobs } from './sqlite-job-claim.js';
import { withStatementCache } from './statement-cache.js';
import { sqliteSearch } from './sqlite-search.js';

export function sqliteDialect(file: string): Dialect {
  return {
    engine: 'sqlite',
    idType: 'integer',
    idColumn: (c) => c.primaryKey().autoIncrement(),
    analyze: async (db) => {
      await sql`ANALYZE`.execute(db);
    },
    search: sqliteSearch,
    claimDueJobs: sqliteClaimDueJobs,
    watchChanges: (onSignal, log) => sqliteWatchChanges(file, onSignal, log),
    backup: sqliteBackup(file),
    connect() {
      mkdirSync(path.dirname(file), { recursive: true });
      const database = new Database(file);
      // WAL lets readers run beside the writer; synchronous=FULL makes an acknowledged
      // commit survive power loss, not just a process crash (SECURITY.md, promise 1).
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = FULL');
      database.pragma('foreign_keys = ON');
      database.pragma('busy_timeout = 5000');
      // Without statistics SQLite may join a tag's stories by scanning every story;
      // 0x10002 analyzes, on open, the tables whose statistics are missing or stale.
      database.pragma('optimize = 0x10002');
      return new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
    },
  };
}
