import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/build-app.js';
import { openStore, type Store } from '../../src/store/store.js';

// What a reader sees when the database cannot be read: a readable 500 page that leaks
// nothing, and a health check that says 503 so a load balancer stops sending traffic.

describe('when the database is gone', () => {
  let dir: string;
  let store: Store;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-failure-'));
    store = await openStore({ engine: 'sqlite', file: path.join(dir, 'm.db') });
    await store.migrate();
    app = await buildApp({
      db: store.db, siteUrl: 'http://127.0.0.1', mediaDir: path.join(dir, 'media'),
      assets: { stylesheet: '/assets/site.css', script: '/assets/s.js', fonts: [], icon: '/assets/i.svg' }, logLevel: 'silent',
    });
    expect((await app.inject({ url: '/latest' })).statusCode).toBe(200);
    await store.db.destroy();
  });

  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a reader page with a 500 page that names no internals', async () => {
    const response = await app.inject({ url: '/section/europe' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('Something went wrong');
    expect(response.body).not.toMatch(/destroyed|sqlite|kysely|stack/i);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('fails the health check with 503 and Retry-After', async () => {
    const response = await app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toEqual({ error: { code: 'DATABASE_UNAVAILABLE', message: 'The database cannot be read.' } });
  });
});
