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
