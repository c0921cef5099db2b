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
export type DialectOperations = Pick<Dialect, 'search' | 'claimDueJobs'>;

export interface Store {
  db: Db;
  dialect: Dialect;
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

/** Loads only the engine in use: a SQLite site never loads the PostgreSQL driver. */
async function loadDialect(database: Database): Promise<Dialect> {
  if (database.engine === 'sqlite') return (await import('./dialects/sqlite/sqlite-dialect.js')).sqliteDialect(database.file);
  return (await import('./dialects/postgres/postgres-dialect.js')).postgresDialect(database.url);
}

/** Opens the store and applies pending migrations: what every command and the server start with. */
export async function openMigratedStore(database: Database): Promise<Store> {
  const store = await openStore(database);
  await store.migrate();
  return store;
}

export async function openStore(database: Database): Promise<Store> {
  const dialect = await loadDialect(database);
  const db = dialect.connect();
  return {
    db,
    dialect,
    migrate: async () => (await migrateToLatest(db, dialect)).applied,
    close: () => db.destroy(),
  };
}
