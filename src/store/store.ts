import type { Kysely } from 'kysely';
import type { Database } from '../config/config.js';
import type { Dialect } from './dialects/dialect.js';
import { migrateToLatest } from './migrate.js';
import type { Tables } from './schema.js';

export type Db = Kysely<Tables>;

/**
 * What code outside store/ holds of the dialect: the operations where the engines differ,
 * never the engine's name, so nothing above the store can branch on it
 * (src/architecture.test.ts holds that line).
 */
export type DialectOperations = Pick<Dialect, 'search' | 'claimDueJobs' | 'watchChanges'>;

export interface Store {
  db: Db;
  /**
   * For reader queries (public pages, feeds, search), which may lag the primary by the
   * replica's delay: DATABASE_REPLICA_URL first, the primary when it is unreachable. The
   * same object as `db` without a replica, and always on SQLite. Never write through it.
   */
  readerDb: Db;
  dialect: Dialect;
  migrate(): Promise<string[]>;
  /** The primary's connection pool now (/metrics); null where there is no pool (a SQLite file is one connection). */
  poolUse: () => PoolUse | null;
  close(): Promise<void>;
}

export interface PoolUse {
  total: number;
  idle: number;
  /** Queries queued for a connection because all of them are busy. */
  waiting: number;
  max: number;
}

interface Connected {
  dialect: Dialect;
  db: Db;
  readerDb: Db;
  poolUse: () => PoolUse | null;
}

/** Loads only the engine in use: a SQLite site never loads the PostgreSQL driver. */
async function connect(database: Database): Promise<Connected> {
  if (database.engine === 'sqlite') {
    const dialect = (await import('./dialects/sqlite/sqlite-dialect.js')).sqliteDialect(database.file);
    const db = dialect.connect();
    return { dialect, db, readerDb: db, poolUse: () => null };
  }
  const { url, poolSize, directUrl, replicaUrl } = database;
  const dialect = (await import('./dialects/postgres/postgres-dialect.js')).postgresDialect({ url, poolSize, directUrl, replicaUrl });
  const db = dialect.connect();
  return { dialect, db, readerDb: dialect.connectReader(db), poolUse: () => dialect.poolUse(db) };
}

/** Opens the store and applies pending migrations: what every command and the server start with. */
export async function openMigratedStore(database: Database): Promise<Store> {
  const store = await openStore(database);
  await store.migrate();
  return store;
}

export async function openStore(database: Database): Promise<Store> {
  const { dialect, db, readerDb, poolUse } = await connect(database);
  return {
    db,
    readerDb,
    dialect,
    poolUse,
    migrate: async () => (await migrateToLatest(db, dialect)).applied,
    close: async () => {
      // The reader falls back on the primary's pool, so it goes first.
      if (readerDb !== db) await readerDb.destroy();
      await db.destroy();
    },
  };
}
