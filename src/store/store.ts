import type { Kysely } from 'kysely';
import type { Database } from '../config/config.js';
import type { Dialect } from './dialects/dialect.js';
import { sqliteDialect } from './dialects/sqlite/sqlite-dialect.js';
import { postgresDialect } from './dialects/postgres/postgres-dialect.js';
import { migrateToLatest } from './migrate.js';
import type { Tables } from './schema.js';

export type Db = Kysely<Tables>;

export interface Store {
  db: Db;
  dialect: Dialect;
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

export function openStore(database: Database): Store {
  const dialect = database.engine === 'sqlite' ? sqliteDialect(database.file) : postgresDialect(database.url);
  const db = dialect.connect();
  return {
    db,
    dialect,
    migrate: async () => (await migrateToLatest(db, dialect)).applied,
    close: () => db.destroy(),
  };
}
