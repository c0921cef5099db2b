// When the server sheds requests with 503 instead of queueing them (SECURITY.md, promise 8).
// Kept apart from the guard itself so the config parser can read the defaults without
// loading Fastify plugins.

export interface OverloadSettings {
  /**
   * Mean event-loop delay (ms, over a 1 s sample) above which new requests get 503.
   * Catches one slow thing stalling the process (a huge render, a synchronous query).
   */
  maxEventLoopDelayMs: number;
  /**
   * Requests being answered at once above which a new one gets 503; 0 turns the cap off.
   * Catches requests piling up while they wait outside the process (PostgreSQL's network
   * and pool); where queries run inside the turn that took the request, the delay is
   * the trigger that works.
   */
  maxInFlight: number;
}

/** Measured on 2 cores (docs/operations.md, "Overload"): see there before changing them. */
export const OVERLOAD_DEFAULTS: OverloadSettings = { maxEventLoopDelayMs: 300, maxInFlight: 0 };

/** Seconds a shed client is asked to wait. */
export const OVERLOAD_RETRY_AFTER_S = 5;
