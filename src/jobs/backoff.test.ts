import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';

const backoff = { baseMs: 1_000, maxMs: 60_000 };

describe('retryDelayMs', () => {
  it('doubles the wait with each failed attempt', () => {
    const highest = () => 1;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, backoff, highest))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never waits less than half the step, whatever the jitter', () => {
    const lowest = () => 0;
    expect([1, 2, 3].map((n) => retryDelayMs(n, backoff, lowest))).toEqual([500, 1_000, 2_000]);
  });

  it('spreads retries of jobs that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, backoff)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(2_000);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(4_000);
  });

  it('caps the wait however many attempts failed', () => {
    expect(retryDelayMs(40, backoff, () => 1)).toBe(60_000);
    expect(retryDelayMs(1_000, backoff, () => 1)).toBe(60_000);
  });
});
