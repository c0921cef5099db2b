import { describe, expect, it } from 'vitest';
import { createSendPace } from './send-pace.js';

describe('createSendPace', () => {
  it('lets everything through at once without a rate', async () => {
    const pace = createSendPace(null);
    const started = Date.now();
    for (let i = 0; i < 1000; i++) await pace.next();
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('spaces messages evenly at the given rate across callers', async () => {
    const pace = createSendPace(50);
    const started = Date.now();
    const stamps: number[] = [];
    await Promise.all(
      [0, 1].map(async () => {
        for (let i = 0; i < 5; i++) {
          await pace.next();
          stamps.push(Date.now() - started);
        }
      }),
    );
    // Ten messages at 50/s: the last slot is 9 × 20 ms after the first.
    expect(Math.max(...stamps)).toBeGreaterThanOrEqual(175);
  });

  it('stops waiting when the send is stopped', async () => {
    const pace = createSendPace(1);
    await pace.next();
    const controller = new AbortController();
    const waiting = pace.next(controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
  });
});
