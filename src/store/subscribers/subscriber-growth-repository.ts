import { sql, type RawBuilder } from 'kysely';
import type { GrowthWeek, WeekCounts } from '../../content/growth-weeks.js';
import type { Db } from '../store.js';

// The growth chart's numbers, counted by the database between week boundaries that
// content/growth-weeks.ts computed in the publication's zone. Times are ISO UTC text of
// one fixed shape (decision 0002), so text comparison is time order on both engines.
// Each query returns at most twelve rows, whatever the number of subscribers.

/** 0…n-1: the week the time falls in (the caller keeps it inside the range). */
function weekOf(column: RawBuilder<unknown>, weeks: GrowthWeek[]): RawBuilder<number> {
  const cases = weeks
    .map((week, i) => ({ i, start: week.start }))
    .reverse()
    .map(({ i, start }) => sql`when ${column} >= ${start} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(cases, sql` `)} end`;
}

/**
 * When a subscriber stopped being confirmed: the unsubscribe, or the bounce or complaint
 * (final states; their row is not changed afterwards, so updated_at is when it happened).
 */
const leftAt = sql<string | null>`case when status = 'confirmed' then null
  when status = 'unsubscribed' then coalesce(unsubscribed_at, updated_at) else updated_at end`;

async function perWeek(db: Db, column: RawBuilder<unknown>, weeks: GrowthWeek[], where: RawBuilder<boolean>): Promise<number[]> {
  const counts = weeks.map(() => 0);
  const from = weeks[0]!.start;
  const to = weeks.at(-1)!.end;
  const week = weekOf(column, weeks);
  const rows = await db
    .selectFrom('subscribers')
    .select([week.as('week'), (eb) => eb.fn.countAll<number>().as('n')])
    .where(sql<boolean>`${column} >= ${from}`)
    .where(sql<boolean>`${column} < ${to}`)
    .where(where)
    // By the output name: PostgreSQL would not match the CASE's parameters twice.
    .groupBy(sql.ref('week'))
    .execute();
  for (const row of rows) counts[Number(row.week)] = Number(row.n);
  return counts;
}

/**
 * Subscribers confirmed at the end of each week. A subscriber counts at instant T when
 * confirmed before T and not gone by T; so the count is "confirmed before T" minus "both
 * confirmed and gone before T", and the latter happens at the later of the two times.
 * Both sums are running totals of per-week counts, plus what happened before the first
 * week. Only addresses that are no longer confirmed (few, and found through the status
 * index) are read for the departures.
 */
async function confirmedTotals(db: Db, weeks: GrowthWeek[], confirmedPerWeek: number[]): Promise<number[]> {
  const from = weeks[0]!.start;
  const gone = sql`case when confirmed_at > ${leftAt} then confirmed_at else ${leftAt} end`;
  const [before, departedBefore, departed] = await Promise.all([
    db
      .selectFrom('subscribers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('confirmed_at', '<', from)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('subscribers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['pending', 'unsubscribed', 'bounced', 'complained'])
      .where('confirmed_at', 'is not', null)
      .where(sql<boolean>`${gone} < ${from}`)
      .executeTakeFirstOrThrow(),
    perWeek(db, gone, weeks, sql<boolean>`status in ('pending', 'unsubscribed', 'bounced', 'complained') and confirmed_at is not null`),
  ]);
  let total = Number(before.n) - Number(departedBefore.n);
  return weeks.map((_, i) => (total += confirmedPerWeek[i]! - departed[i]!));
}

export async function subscriberGrowth(db: Db, weeks: GrowthWeek[], now: Date): Promise<WeekCounts[]> {
  if (!weeks.length) return [];
  // The current week ends in the future: its numbers run up to now, as nothing is dated later.
  const until = [
    ...weeks.slice(0, -1),
    { ...weeks.at(-1)!, end: now.toISOString() > weeks.at(-1)!.end ? weeks.at(-1)!.end : now.toISOString() },
  ];
  const [confirmed, unsubscribed, lost] = await Promise.all([
    perWeek(db, sql`confirmed_at`, until, sql<boolean>`1 = 1`),
    perWeek(db, sql`unsubscribed_at`, until, sql<boolean>`1 = 1`),
    perWeek(db, sql`updated_at`, until, sql<boolean>`status in ('bounced', 'complained')`),
  ]);
  const totals = await confirmedTotals(db, until, confirmed);
  return weeks.map((_, i) => ({ confirmed: confirmed[i]!, unsubscribed: unsubscribed[i]!, lost: lost[i]!, total: totals[i]! }));
}
