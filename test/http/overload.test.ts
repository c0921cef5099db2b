import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/build-app.js';
import { openStore, type Store } from '../../src/store/store.js';

// Under overload the server sheds requests with 503 and Retry-After instead of queueing
// them until clients time out, and recovers without a restart.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('when the event loop falls behind', () => {
  let dir: string;
  let store: Store;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-overload-'));
    store = await openStore({ engine: 'sqlite', file: path.join(dir, 'm.db') });
    await store.migrate();
    app = await buildApp({
      db: store.db, siteUrl: 'http://127.0.0.1', mediaDir: path.join(dir, 'media'), maxEventLoopDelayMs: 150,
      assets: { stylesheet: '/assets/site.css', script: '/assets/s.js', fonts: [], icon: '/assets/i.svg' }, logLevel: 'silent',
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while overloaded, then serves again', async () => {
    expect((await app.inject({ url: '/latest' })).statusCode).toBe(200);
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      // Busy work standing in for a flood of requests: the loop cannot turn.
    }
    // Let the overdue load sample run (it was due before this timer), then ask.
    await sleep(1);
    const shed = await app.inject({ url: '/latest' });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('5');
    await sleep(2500);
    expect((await app.inject({ url: '/latest' })).statusCode).toBe(200);
  });
});
