import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessApp, type InProcessApp } from '../helpers/in-process-app.js';

// What a reader sees when the database cannot be read: a readable 500 page that leaks
// nothing, and a health check that says 503 so a load balancer stops sending traffic.

describe('when the database is gone', () => {
  let site: InProcessApp;

  beforeAll(async () => {
    site = await startInProcessApp();
    expect((await site.app.inject({ url: '/latest' })).statusCode).toBe(200);
    await site.store.db.destroy();
  });
  afterAll(() => site?.close());

  it('answers a reader page with a 500 page that names no internals', async () => {
    const response = await site.app.inject({ url: '/section/europe' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('Something went wrong');
    expect(response.body).not.toMatch(/destroyed|sqlite|kysely|stack/i);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('fails the health check with 503 and Retry-After', async () => {
    const response = await site.app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toEqual({ error: { code: 'DATABASE_UNAVAILABLE', message: 'The database cannot be read.' } });
  });
});
