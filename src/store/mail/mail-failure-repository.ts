import type { Db } from '../store.js';

// Account and staff mail that could not be sent, for the newsroom's "Mail problems" list
// (mail/mail-failures.ts decides what is written). Bounded: rows older than
// MAIL_FAILURE_DAYS and all but the newest MAIL_FAILURES_KEPT go with each insert, so a
// mail server that is down for a week costs a few hundred rows, not one per attempt.

export const MAIL_FAILURES_KEPT = 200;
export const MAIL_FAILURE_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;

export interface MailFailureRow {
  id: number;
  at: string;
  kind: string;
  recipient: string;
  error: string;
  seen_at: string | null;
}

export async function insertMailFailure(db: Db, failure: { at: string; kind: string; recipient: string; error: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('mail_failures').values(failure).execute();
    const oldest = new Date(Date.parse(failure.at) - MAIL_FAILURE_DAYS * DAY_MS).toISOString();
    await trx.deleteFrom('mail_failures').where('at', '<', oldest).execute();
    await trx
      .deleteFrom('mail_failures')
      .where('id', '<', (eb) =>
        eb
          .selectFrom('mail_failures')
          .select('id')
          .orderBy('id', 'desc')
          .limit(1)
          .offset(MAIL_FAILURES_KEPT - 1),
      )
      .execute();
  });
}

/** Newest first. */
export async function listMailFailures(db: Db, limit = MAIL_FAILURES_KEPT): Promise<MailFailureRow[]> {
  return db.selectFrom('mail_failures').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** Failures not yet marked as read, and when the latest happened. */
export async function unseenMailFailures(db: Db): Promise<{ count: number; latest: string | null }> {
  const row = await db
    .selectFrom('mail_failures')
    .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.max('at').as('latest')])
    .where('seen_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), latest: row.latest ?? null };
}

export async function markMailFailuresSeen(db: Db, at: string): Promise<void> {
  await db.updateTable('mail_failures').set({ seen_at: at }).where('seen_at', 'is', null).execute();
}
