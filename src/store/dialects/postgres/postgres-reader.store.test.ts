import net from 'node:net';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase, engines, freePort } from '../../../../test/helpers/server.js';
import type { Tables } from '../../schema.js';
import { replicaFirstKysely } from './postgres-reader.js';

// The replica-first reader over a replica that goes away and comes back: a TCP relay to a
// second database on the test cluster stands in for the replica (not a streaming
// replica), so stopping the relay is the replica becoming unreachable.

const databaseOf = async (db: Kysely<Tables>) => (await sql<{ name: string }>`SELECT current_database() AS name`.execute(db)).rows[0]!.name;

/** Relays `port` on loopback to `target` until stopped; stopping cuts every open connection. */
async function relay(port: number, target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe.runIf(engines().includes('postgres'))('the replica-first reader', () => {
  let primary: { url: string; drop(): Promise<void> };
  let replica: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    [primary, replica] = await Promise.all([createPgDatabase(), createPgDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([primary?.drop(), replica?.drop()]);
  });

  it('falls back to the primary, returns to the replica once it answers, and falls back again when it goes', async () => {
    const port = await freePort();
    const replicaUrl = new URL(replica.url);
    const relayed = new URL(replica.url);
    relayed.port = String(port);
    const primaryPool = new pg.Pool({ connectionString: primary.url, max: 2 });
    const replicaPool = new pg.Pool({ connectionString: relayed.toString(), max: 2, connectionTimeoutMillis: 2000 });
    replicaPool.on('error', () => undefined);
    const log: string[] = [];
    const reader = replicaFirstKysely({ primaryPool, replicaPool, retryAfterMs: 200, log: (message) => log.push(message) });
    const [primaryName, replicaName] = [primary.url, replica.url].map((url) => new URL(url).pathname.slice(1));
    let up: Awaited<ReturnType<typeof relay>> | null = null;
    try {
      // Nothing listens yet: the primary answers, and it is said once.
      expect(await databaseOf(reader)).toBe(primaryName);
      expect(await databaseOf(reader)).toBe(primaryName);
      expect(log).toHaveLength(1);
      expect(log[0]).toMatch(/^read replica: unreachable/);

      // The replica comes up; after the retry interval reads go to it.
      up = await relay(port, replicaUrl);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await databaseOf(reader)).toBe(replicaName);
      expect(log).toHaveLength(2);
      expect(log[1]).toMatch(/^read replica: answering again/);

      // It goes away again: its pooled connections die with it, and reads fall back.
      await up.stop();
      up = null;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await databaseOf(reader)).toBe(primaryName);
      expect(log).toHaveLength(3);

      // The reader ends the replica's pool only: the primary's belongs to the store's db.
      await reader.destroy();
      expect(replicaPool.ended).toBe(true);
      expect((await primaryPool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await up?.stop();
      await reader.destroy();
      await primaryPool.end();
    }
  });
});
