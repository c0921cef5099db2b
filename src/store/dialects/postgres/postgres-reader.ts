import type pg from 'pg';
import {
  Kysely,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type TransactionSettings,
} from 'kysely';
import type { Tables } from '../../schema.js';

// Reader queries on a read replica (DATABASE_REPLICA_URL), with the primary as the
// fallback: a reader's page must still be served when the replica is down. The choice is
// made per connection, when Kysely acquires one: the replica's pool first; if it cannot
// connect, the primary's pool, and the replica is not asked again for a while (so a dead
// replica costs one failed connect per interval, not one per query). The switch and the
// recovery are logged once each. A query already running on a replica connection that
// dies fails like any query on a dropped connection; the next one falls back.

/** How long reader queries stay on the primary before the replica is tried again. */
export const REPLICA_RETRY_MS = 30_000;

export interface ReplicaFirstOptions {
  replicaPool: pg.Pool;
  /** The primary's pool, shared with the store's `db`: this reader never ends it. */
  primaryPool: pg.Pool;
  retryAfterMs?: number;
  log?: (message: string) => void;
}

/** Kysely's connection class for pg, which it does not export: every connection here was made by one of the two drivers. */
type OwnConnection = Parameters<PostgresDriver['releaseConnection']>[0];

class ReplicaFirstDriver implements Driver {
  readonly #replica: PostgresDriver;
  readonly #primary: PostgresDriver;
  readonly #retryAfterMs: number;
  readonly #log: (message: string) => void;
  /** Which driver handed out each connection, so its transaction and release go back there. */
  readonly #owner = new WeakMap<DatabaseConnection, PostgresDriver>();
  /** Null while the replica answers; else when to try it again. */
  #retryAt: number | null = null;

  constructor(options: ReplicaFirstOptions) {
    this.#replica = new PostgresDriver({ pool: options.replicaPool });
    this.#primary = new PostgresDriver({ pool: options.primaryPool });
    this.#retryAfterMs = options.retryAfterMs ?? REPLICA_RETRY_MS;
    this.#log = options.log ?? ((message) => console.warn(message));
  }

  async init(): Promise<void> {
    await this.#replica.init();
    await this.#primary.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#retryAt === null || Date.now() >= this.#retryAt) {
      try {
        const connection = await this.#replica.acquireConnection();
        if (this.#retryAt !== null) this.#log('read replica: answering again; reader queries go to it');
        this.#retryAt = null;
        return this.#ownedBy(this.#replica, connection);
      } catch (error) {
        if (this.#retryAt === null) {
          const reason = error instanceof Error ? error.message : String(error);
          this.#log(
            `read replica: unreachable (${reason}); reader queries go to the primary, retrying every ${this.#retryAfterMs / 1000} s`,
          );
        }
        this.#retryAt = Date.now() + this.#retryAfterMs;
      }
    }
    return this.#ownedBy(this.#primary, await this.#primary.acquireConnection());
  }

  #ownedBy(driver: PostgresDriver, connection: DatabaseConnection): DatabaseConnection {
    this.#owner.set(connection, driver);
    return connection;
  }

  #driverOf(connection: DatabaseConnection): PostgresDriver {
    const driver = this.#owner.get(connection);
    if (!driver) throw new Error('read replica: a connection this reader did not hand out');
    return driver;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#driverOf(connection).beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#driverOf(connection).commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#driverOf(connection).rollbackTransaction(connection as OwnConnection);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#driverOf(connection).savepoint(connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#driverOf(connection).rollbackToSavepoint(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#driverOf(connection).releaseSavepoint(connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#driverOf(connection).releaseConnection(connection as OwnConnection);
  }

  /** Ends the replica's pool only: the primary's belongs to the store's `db`. */
  async destroy(): Promise<void> {
    await this.#replica.destroy();
  }
}

/** A Kysely for reader queries: the replica while it answers, the primary when it does not. */
export function replicaFirstKysely(options: ReplicaFirstOptions): Kysely<Tables> {
  return new Kysely<Tables>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new ReplicaFirstDriver(options),
      createQueryCompiler: () => new PostgresQueryCompiler(),
      createIntrospector: (db) => new PostgresIntrospector(db),
    },
  });
}
