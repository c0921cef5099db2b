import pg from 'pg';
import { Kysely, sql } from 'kysely';
import type { Tables } from '../../schema.js';
import type { PoolUse } from '../../store.js';
import type { Dialect } from '../dialect.js';
import { DirectLockPostgresDialect } from './postgres-migration-lock.js';
import { replicaFirstKysely } from './postgres-reader.js';
import { postgresBackup } from './postgres-backup.js';
import { postgresWatchChanges } from './postgres-change-watch.js';
import { postgresClaimDueJobs } from './postgres-job-claim.js';
import { postgresSearch } from './postgres-search.js';

/** A replica that does not answer within this long counts as unreachable. */
const REPLICA_CONNECT_TIMEOUT_MS = 2000;

/** The pool behind each Kysely this dialect made, so a reader can fall back to the primary's pool instead of opening its own. */
const poolOf = new WeakMap<Kysely<Tables>, pg.Pool>();

/**
 * pg emits 'error' on the pool when an idle connection dies (PostgreSQL or PgBouncer
 * restarted, a replica went away); unheard, that event would end the process. The pool
 * has already dropped the connection and the next query opens a new one.
 */
function quietPool(pool: pg.Pool): pg.Pool {
  pool.on('error', () => undefined);
  // A checked-out connection has no pool listener: when PostgreSQL ends its session
  // (a restart's 57P01) between two queries of a transaction, the client emits 'error'
  // and, unheard, that ends the process. The query waiting on it fails on its own path
  // (the request answers 503), and the pool drops the dead client on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

// COUNT(*) and BIGINT arrive as strings by default; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** The connections one process opens (config.ts reads them from DATABASE_*). */
export interface PostgresOptions {
  /** Every query and transaction; may be PgBouncer in transaction mode. */
  url: string;
  /** Connections in this process's pool; DEFAULT_POOL_SIZE when unset. */
  poolSize?: number;
  /** A connection straight to PostgreSQL, for session state (LISTEN, the migration lock); `url` when unset. */
  directUrl?: string;
  /** A read replica for reader queries (`connectReader`); none when unset. */
  replicaUrl?: string;
}

export const DEFAULT_POOL_SIZE = 10;

/** The PostgreSQL dialect, plus the reader connection that only this engine can route elsewhere. */
export interface PostgresEngine extends Dialect {
  /** A Kysely for reader queries: the replica first, `primary`'s pool when it is unreachable; `primary` itself without a replica. */
  connectReader(primary: Kysely<Tables>): Kysely<Tables>;
  /** The connections of the pool behind `db` (a Kysely this dialect made), for /metrics. */
  poolUse(db: Kysely<Tables>): PoolUse | null;
}

export function postgresDialect(given: PostgresOptions): PostgresEngine {
  const options = { ...given, poolSize: given.poolSize ?? DEFAULT_POOL_SIZE, directUrl: given.directUrl ?? given.url };
  return {
    engine: 'postgres',
    idType: 'serial',
    idColumn: (c) => c.primaryKey(),
    analyze: async (db) => {
      await sql`ANALYZE`.execute(db);
    },
    search: postgresSearch,
    claimDueJobs: postgresClaimDueJobs,
    // LISTEN needs a session of its own: a direct connection, never a transaction pooler.
    watchChanges: (onSignal, log) => postgresWatchChanges(options.directUrl, onSignal, log),
    // pg_dump and psql hold a session (an exported snapshot): never through a transaction pooler.
    backup: postgresBackup(options.directUrl),
    connect() {
      const pool = quietPool(new pg.Pool({ connectionString: options.url, max: options.poolSize }));
      const db = new Kysely<Tables>({ dialect: new DirectLockPostgresDialect({ pool }, options.directUrl) });
      poolOf.set(db, pool);
      return db;
    },
    poolUse(db) {
      const pool = poolOf.get(db);
      return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: options.poolSize } : null;
    },
    connectReader(primary) {
      const primaryPool = poolOf.get(primary);
      if (!options.replicaUrl || !primaryPool) return primary;
      const replicaPool = quietPool(
        new pg.Pool({ connectionString: options.replicaUrl, max: options.poolSize, connectionTimeoutMillis: REPLICA_CONNECT_TIMEOUT_MS }),
      );
      return replicaFirstKysely({ replicaPool, primaryPool });
    },
  };
}
