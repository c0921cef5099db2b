// How long a failed job waits before its next attempt: exponential, capped, with jitter
// so that jobs failing together (a receiver that was down) do not all retry together.

export interface Backoff {
  /** Delay after the first failed attempt, before jitter. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 10_000, maxMs: 60 * 60_000 };

/**
 * The wait after attempt `attempt` (1 = the first run) failed: base · 2^(attempt−1),
 * capped, then "equal jitter" — a random point in the upper half — so retries spread
 * out but never come sooner than half the exponential step.
 */
export function retryDelayMs(attempt: number, backoff: Backoff = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
