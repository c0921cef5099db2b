import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPgDatabase, freePort } from '../../test/helpers/server.js';
import { engines, freshStore } from '../../test/helpers/store-seed.js';
import { loadConfig } from '../config/config.js';
import { openStore, type Db, type Store } from './store.js';

// Store.readerDb: the connection reader queries use. Without DATABASE_REPLICA_URL it is
// the store's own `db`; with one, reads go to the replica, and to the primary while the
// replica cannot be reached. The "replica" here is a second database on the test cluster
// (not a streaming replica): which database answered tells where a read went.

const databaseOf = async (db: Db) => (await sql<{ name: string }>`SELECT current_database() AS name`.execute(db)).rows[0]!.name;
const nameOf = (url: string) => new URL(url).pathname.slice(1);

describe.each(engines())('the reader connection on %s without a replica', (engine) => {
  it('is the store’s own db', async () => {
    const fresh = await freshStore(engine, { migrate: false });
    try {
      expect(fresh.store.readerDb).toBe(fresh.store.db);
    } finally {
      await fresh.drop();
    }
  });
});

// Only PostgreSQL has replicas: these run when the test cluster is there (always under CI).
describe.runIf(engines().length > 1)('the reader connection with DATABASE_REPLICA_URL', () => {
  let primary: { url: string; drop(): Promise<void> };
  let replica: { url: string; drop(): Promise<void> };
  let store: Store | undefined;
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

  const open = (replicaUrl: string) =>
    openStore(loadConfig({ DATABASE_URL: primary.url, DATABASE_REPLICA_URL: replicaUrl, SECRET_KEY: 'k'.repeat(40) }).database);

  beforeAll(async () => {
    [primary, replica] = await Promise.all([createPgDatabase(), createPgDatabase()]);
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    warn.mockClear();
  });
  afterAll(async () => {
    warn.mockRestore();
    await Promise.all([primary?.drop(), replica?.drop()]);
  });

  it('sends reads to the replica and writes to the primary', async () => {
    store = await open(replica.url);
    expect(await databaseOf(store.readerDb)).toBe(nameOf(replica.url));
    expect(await databaseOf(store.db)).toBe(nameOf(primary.url));
    // A read-only transaction stays on the replica too.
    expect(await store.readerDb.transaction().execute((trx) => databaseOf(trx))).toBe(nameOf(replica.url));
    expect(warn).not.toHaveBeenCalled();
  });

  it('reads from the primary when the replica is unreachable, and says so once', async () => {
    const deadPort = await freePort();
    const unreachable = new URL(replica.url);
    unreachable.port = String(deadPort);
    store = await open(unreachable.toString());
    const reads = await Promise.all(Array.from({ length: 5 }, () => databaseOf(store!.readerDb)));
    expect(reads).toEqual(Array(5).fill(nameOf(primary.url)));
    expect(await databaseOf(store.readerDb)).toBe(nameOf(primary.url));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/read replica: unreachable .*reader queries go to the primary/);
  });

  it('refuses a replica URL that is not PostgreSQL, and any replica for a SQLite file', () => {
    expect(() => loadConfig({ DATABASE_URL: primary.url, DATABASE_REPLICA_URL: 'mysql://x/y', SECRET_KEY: 'k'.repeat(40) })).toThrow(
      /DATABASE_REPLICA_URL must start with postgres:\/\//,
    );
    expect(() => loadConfig({ DATABASE_URL: 'file:/tmp/x.db', DATABASE_REPLICA_URL: replica.url, SECRET_KEY: 'k'.repeat(40) })).toThrow(
      /DATABASE_REPLICA_URL: only for PostgreSQL/,
    );
  });
});
