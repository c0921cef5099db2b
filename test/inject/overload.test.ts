import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessApp, type InProcessApp } from '../helpers/in-process-app.js';

// Under overload the server sheds requests with 503 and Retry-After instead of queueing
// them until clients time out, and recovers without a restart.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('when the event loop falls behind', () => {
  let site: InProcessApp;

  beforeAll(async () => {
    site = await startInProcessApp({ app: { maxEventLoopDelayMs: 150 } });
  });
  afterAll(() => site?.close());

  it('answers 503 with Retry-After while overloaded, then serves again', async () => {
    expect((await site.app.inject({ url: '/latest' })).statusCode).toBe(200);
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      // Busy work standing in for a flood of requests: the loop cannot turn.
    }
    // Let the overdue load sample run (it was due before this timer), then ask.
    await sleep(1);
    const shed = await site.app.inject({ url: '/latest' });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('5');
    // Recovers by itself once the loop turns again: ask until it serves, within a bound.
    const deadline = Date.now() + 20_000;
    let status = 503;
    while (status === 503 && Date.now() < deadline) {
      await sleep(200);
      status = (await site.app.inject({ url: '/latest' })).statusCode;
    }
    expect(status, 'served again within 20 s').toBe(200);
  });
});
