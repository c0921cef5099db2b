import pg from 'pg';
import { PostgresAdapter, PostgresDialect, type DialectAdapter, type PostgresDialectConfig } from 'kysely';

// Kysely's Migrator takes its PostgreSQL lock as a *session* advisory lock
// (pg_advisory_lock, then pg_advisory_unlock after the migration transaction) on one pool
// connection. Through PgBouncer in transaction mode each of those statements may run on a
// different server connection: the unlock misses, and the lock stays held by a server
// connection PgBouncer keeps for an hour, blocking the next deploy (or, handed to another
// migrator, excluding nobody). So the lock is a transaction-level one instead
// (pg_advisory_xact_lock), held by a transaction left open on a connection of its own to
// DATABASE_DIRECT_URL for as long as the migrations run, and released by its COMMIT, or
// by PostgreSQL if the process dies.

/** Kysely's own key, so a process still running the older session lock excludes this one too. */
const MIGRATION_LOCK_ID = '3853314791062309107';

class DirectLockPostgresAdapter extends PostgresAdapter {
  readonly #directUrl: string;
  #holder: pg.Client | null = null;

  constructor(directUrl: string) {
    super();
    this.#directUrl = directUrl;
  }

  override async acquireMigrationLock(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#directUrl, application_name: 'masthead-migrate-lock' });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('BEGIN');
      // Kysely's bound: a migrator stuck behind another for an hour fails instead of hanging.
      await client.query("SET LOCAL lock_timeout = '1h'");
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#holder = client;
  }

  override async releaseMigrationLock(): Promise<void> {
    const client = this.#holder;
    this.#holder = null;
    if (!client) return;
    try {
      await client.query('COMMIT');
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** Kysely's PostgreSQL dialect whose migration lock lives on a direct connection (above). */
export class DirectLockPostgresDialect extends PostgresDialect {
  readonly #directUrl: string;

  constructor(config: PostgresDialectConfig, directUrl: string) {
    super(config);
    this.#directUrl = directUrl;
  }

  override createAdapter(): DialectAdapter {
    return new DirectLockPostgresAdapter(this.#directUrl);
  }
}
