import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessApp, type InProcessApp } from '../helpers/in-process-app.js';

// The operator's routes and the overload cap, in process: what needs no real server.
// (The same routes on both engines, through the real server: test/http/metrics.test.ts.)

describe('without METRICS_TOKEN', () => {
  let site: InProcessApp;

  beforeAll(async () => {
    site = await startInProcessApp();
  });
  afterAll(() => site?.close());

  it('has no /metrics at all: 404, with or without a token', async () => {
    expect((await site.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    const withToken = await site.app.inject({ url: '/metrics', headers: { authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' } });
    expect(withToken.statusCode).toBe(404);
    expect(withToken.body).not.toContain('masthead_');
  });

  it('says ready on /readyz, uncached', async () => {
    const ready = await site.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
    expect(ready.headers['cache-control']).toBe('no-store');
  });
});

describe('with a cap on requests in flight', () => {
  let site: InProcessApp;

  beforeAll(async () => {
    site = await startInProcessApp({ app: { maxInFlight: 2 } });
  });
  afterAll(() => site?.close());

  it('answers the request over the cap 503 with Retry-After, and serves again once the others finish', async () => {
    // Three at once on a fresh app: the first two are in flight (each waits on the
    // database) when the third arrives.
    const answers = await Promise.all([1, 2, 3].map(() => site.app.inject({ url: '/latest' })));
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses).toEqual([200, 200, 503]);
    const shed = answers.find((answer) => answer.statusCode === 503)!;
    expect(shed.headers['retry-after']).toBe('5');
    expect(shed.headers['cache-control']).toBe('no-store');
    // The two that finished gave their places back.
    const again = await Promise.all([1, 2].map(() => site.app.inject({ url: '/latest' })));
    expect(again.map((answer) => answer.statusCode)).toEqual([200, 200]);
  });
});
