import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type FreshStore } from '../../../test/helpers/store-seed.js';
import { RESERVATION_STALE_MS, reserveAttempt, settleFailure, settleSuccess, type ReservationRule } from './throttle-repository.js';

// Reservations (issue 12, item 1) hold in the database on each engine, also for attempts
// that race: the failures so far plus the attempts under way never pass the limit, a lock
// ends on time, and a reservation left by a process that died mid-check goes stale.

const RULE: ReservationRule = { limit: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxInFlight: 2 };
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 0, 0, 0) + minutes * 60_000);

describe.each(engines())('throttle reservations on %s', (engine) => {
  let fresh: FreshStore;

  beforeAll(async () => {
    fresh = await freshStore(engine);
  });
  afterAll(() => fresh?.drop());

  it('lets at most the allowed number of racing attempts through, then locks at the limit', async () => {
    const racing = await Promise.all(Array.from({ length: 20 }, () => reserveAttempt(fresh.db, 'race', RULE, at(0))));
    expect(racing.filter((r) => r.ok)).toHaveLength(RULE.maxInFlight!);
    expect(racing.filter((r) => !r.ok)).toEqual(Array(20 - RULE.maxInFlight!).fill({ ok: false, reason: 'busy' }));

    // Settled one by one, failures and reservations together never pass the limit.
    let failures = 0;
    for (let round = 0; failures < RULE.limit; round++) {
      if (round > 0) {
        const next = await Promise.all(Array.from({ length: 20 }, () => reserveAttempt(fresh.db, 'race', RULE, at(0))));
        expect(next.filter((r) => r.ok)).toHaveLength(Math.min(RULE.maxInFlight!, RULE.limit - failures));
      }
      const reserved = Math.min(RULE.maxInFlight!, RULE.limit - failures);
      for (let i = 0; i < reserved; i++) {
        failures += 1;
        const until = await settleFailure(fresh.db, 'race', RULE, at(0));
        expect(until, `failure ${failures}`).toBe(failures >= RULE.limit ? at(15).toISOString() : null);
      }
    }
    expect(await reserveAttempt(fresh.db, 'race', RULE, at(1))).toEqual({ ok: false, reason: 'locked', until: at(15).toISOString() });
    // A served lock starts the count again.
    expect(await reserveAttempt(fresh.db, 'race', RULE, at(15))).toEqual({ ok: true });
  });

  it('gives a place back on success, and clears failures and lock when asked', async () => {
    expect(await reserveAttempt(fresh.db, 'ok', RULE, at(0))).toEqual({ ok: true });
    expect(await settleFailure(fresh.db, 'ok', RULE, at(0))).toBeNull();
    expect(await reserveAttempt(fresh.db, 'ok', RULE, at(0))).toEqual({ ok: true });
    await settleSuccess(fresh.db, 'ok', { clear: false });
    const kept = await fresh.db.selectFrom('throttles').select(['failures', 'in_flight']).where('key', '=', 'ok').executeTakeFirst();
    expect(kept).toEqual({ failures: 1, in_flight: 0 });
    expect(await reserveAttempt(fresh.db, 'ok', RULE, at(0))).toEqual({ ok: true });
    await settleSuccess(fresh.db, 'ok', { clear: true });
    const cleared = await fresh.db.selectFrom('throttles').select(['failures', 'in_flight']).where('key', '=', 'ok').executeTakeFirst();
    expect(cleared).toEqual({ failures: 0, in_flight: 0 });
  });

  it('forgets reservations a dead process left behind once they are stale', async () => {
    // Two reservations never settled: the key is busy…
    for (let i = 0; i < RULE.maxInFlight!; i++) expect((await reserveAttempt(fresh.db, 'dead', RULE, at(0))).ok).toBe(true);
    expect(await reserveAttempt(fresh.db, 'dead', RULE, at(0))).toEqual({ ok: false, reason: 'busy' });
    // …until they are older than any check takes.
    const later = new Date(at(0).getTime() + RESERVATION_STALE_MS + 1);
    expect(await reserveAttempt(fresh.db, 'dead', RULE, later)).toEqual({ ok: true });
  });
});
