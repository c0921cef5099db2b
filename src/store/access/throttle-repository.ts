import { sql } from 'kysely';
import type { Db } from '../store.js';

// Failure counters in the database, so every process (and every cluster worker) shares
// one limit per account and per address (SECURITY.md, "brute force").

export interface ThrottleRule {
  /** Failures allowed inside one window before the key is locked. */
  limit: number;
  windowMs: number;
  lockMs: number;
}

export async function lockedUntil(db: Db, key: string, now: string): Promise<string | null> {
  const row = await db.selectFrom('throttles').select('locked_until').where('key', '=', key).executeTakeFirst();
  return row?.locked_until && row.locked_until > now ? row.locked_until : null;
}

/**
 * Counts a failure in one atomic upsert (concurrent failures never lose a count) and
 * returns the lock's end when this failure reached the limit.
 */
export async function recordFailure(db: Db, key: string, rule: ThrottleRule, at: Date): Promise<string | null> {
  const now = at.toISOString();
  const windowOpen = new Date(at.getTime() - rule.windowMs).toISOString();
  const stale = sql<boolean>`throttles.window_start < ${windowOpen}`;
  const row = await db
    .insertInto('throttles')
    .values({ key, failures: 1, window_start: now, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`CASE WHEN ${stale} THEN 1 ELSE throttles.failures + 1 END`,
        window_start: sql`CASE WHEN ${stale} THEN ${now} ELSE throttles.window_start END`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  if (row.failures < rule.limit) return null;
  const until = new Date(at.getTime() + rule.lockMs).toISOString();
  await db.updateTable('throttles').set({ locked_until: until }).where('key', '=', key).execute();
  return until;
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('throttles').where('key', '=', key).execute();
}

// Reservations (issue 12): an attempt is counted *before* the slow check (a password hash,
// a key lookup), in the same statement that decides whether it may go ahead, so a burst
// sent at once is checked against the limit one attempt at a time and never past it.

export interface ReservationRule extends ThrottleRule {
  /**
   * Attempts that may be checked at the same time (default: the limit). Below the limit
   * for an account, so a flood on one account waits in no queue: the extra attempts are
   * refused at once and the hashing slots stay free for everybody else. Above it for API
   * keys, which honest clients send many at a time: then a burst of wrong ones is checked
   * at most this many times before the lock, instead of at most `limit` times.
   */
  maxInFlight?: number;
}

/** A reservation older than this belongs to a process that died mid-check: it no longer counts. */
export const RESERVATION_STALE_MS = 60_000;

export type Reservation = { ok: true } | { ok: false; reason: 'locked'; until: string } | { ok: false; reason: 'busy' };

/**
 * Reserves one attempt in one atomic upsert: it goes ahead only while the key is not
 * locked, fewer than `maxInFlight` attempts are being checked, and the failures in the
 * window plus the attempts being checked stay under the larger of `limit` and
 * `maxInFlight` (so with the default, a burst is never checked past the limit). A refused
 * attempt changes nothing (it was never checked, so it is no failure). Every reservation
 * must end in exactly one `settleFailure` or `settleSuccess`.
 */
export async function reserveAttempt(db: Db, key: string, rule: ReservationRule, at: Date): Promise<Reservation> {
  const now = at.toISOString();
  const windowOpen = new Date(at.getTime() - rule.windowMs).toISOString();
  const reservationsOpen = new Date(at.getTime() - RESERVATION_STALE_MS).toISOString();
  // A served lock or a closed window starts the count again.
  const countStarts = sql<boolean>`(throttles.window_start < ${windowOpen} OR (throttles.locked_until IS NOT NULL AND throttles.locked_until <= ${now}))`;
  const failures = sql<number>`(CASE WHEN ${countStarts} THEN 0 ELSE throttles.failures END)`;
  const inFlight = sql<number>`(CASE WHEN throttles.reserved_at IS NULL OR throttles.reserved_at < ${reservationsOpen} THEN 0 ELSE throttles.in_flight END)`;
  const maxInFlight = rule.maxInFlight ?? rule.limit;
  const maxAttempts = Math.max(rule.limit, maxInFlight);
  const reserved = await db
    .insertInto('throttles')
    .values({ key, failures: 0, window_start: now, locked_until: null, in_flight: 1, reserved_at: now })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          failures,
          window_start: sql`CASE WHEN ${countStarts} THEN ${now} ELSE throttles.window_start END`,
          locked_until: sql`CASE WHEN ${countStarts} THEN NULL ELSE throttles.locked_until END`,
          in_flight: sql`${inFlight} + 1`,
          reserved_at: now,
        })
        .where(sql<boolean>`(throttles.locked_until IS NULL OR throttles.locked_until <= ${now})`)
        .where(sql<boolean>`${failures} + ${inFlight} < ${maxAttempts}`)
        .where(sql<boolean>`${inFlight} < ${maxInFlight}`),
    )
    .returning('key')
    .executeTakeFirst();
  if (reserved) return { ok: true };
  const until = await lockedUntil(db, key, now);
  return until ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'busy' };
}

const releaseOne = sql<number>`CASE WHEN throttles.in_flight > 0 THEN throttles.in_flight - 1 ELSE 0 END`;

/** A reserved attempt failed: counted, and the key locked once the limit is reached. Returns the lock's end, if any. */
export async function settleFailure(db: Db, key: string, rule: ThrottleRule, at: Date): Promise<string | null> {
  const until = new Date(at.getTime() + rule.lockMs).toISOString();
  const row = await db
    .updateTable('throttles')
    .set({
      failures: sql`throttles.failures + 1`,
      in_flight: releaseOne,
      locked_until: sql`CASE WHEN throttles.failures + 1 >= ${rule.limit} AND throttles.locked_until IS NULL THEN ${until} ELSE throttles.locked_until END`,
    })
    .where('key', '=', key)
    .returning('locked_until')
    .executeTakeFirst();
  return row?.locked_until && row.locked_until > at.toISOString() ? row.locked_until : null;
}

/**
 * A reserved attempt succeeded: its place is given back. With `clear` (the account's own
 * key, once its password was right) the failures and any lock go too.
 */
export async function settleSuccess(db: Db, key: string, options: { clear: boolean }): Promise<void> {
  await db
    .updateTable('throttles')
    .set(options.clear ? { failures: 0, locked_until: null, in_flight: releaseOne } : { in_flight: releaseOne })
    .where('key', '=', key)
    .execute();
}
