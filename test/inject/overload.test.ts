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
    await sleep(2500);
    expect((await site.app.inject({ url: '/latest' })).statusCode).toBe(200);
  });
});
