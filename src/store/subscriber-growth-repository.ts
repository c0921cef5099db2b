import { sql, type RawBuilder } from 'kysely';
import type { GrowthWeek, WeekCounts } from '../content/growth-weeks.js';
import type { Db } from './store.js';

// The growth chart's numbers, counted by the database between week boundaries that
// content/growth-weeks.ts computed in the publication's zone. Times are ISO UTC text of
// one fixed shape (decision 0002), so text comparison is time order on both engines.
// Each query returns at most twelve rows, whatever the number of subscribers.

/** 0…n-1: the week the time falls in (the caller keeps it inside the range). */
function weekOf(column: RawBuilder<unknown>, weeks: GrowthWeek[]): RawBuilder<number> {
  const cases = weeks.map((week, i) => ({ i, start: week.start })).reverse()
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
  const rows = await db.selectFrom('subscribers')
    .select([week.as('week'), (eb) => eb.fn.countAll<number>().as('n')])
    .where(sql<boolean>`${column} >= ${from}`).where(sql<boolean>`${column} < ${to}`).where(where)
    // By the output name: PostgreSQL would not match the CASE's parameters twice.
    .groupBy(sql.ref('week')).execute();
  for (const row of rows) counts[Number(row.week)] = Number(row.n);
  return counts;
}

/** Subscribers confirmed at each instant: confirmed before it and not gone by then. */
async function confirmedAt(db: Db, instants: string[]): Promise<number[]> {
  const sums = instants.map((at, i) => sql<number>`sum(case when confirmed_at < ${at} and (${leftAt} is null or ${leftAt} >= ${at}) then 1 else 0 end)`.as(`t${i}`));
  const row = await db.selectFrom('subscribers').select(sums).where('confirmed_at', 'is not', null).executeTakeFirst() as Record<string, unknown> | undefined;
  return instants.map((_, i) => Number(row?.[`t${i}`] ?? 0));
}

export async function subscriberGrowth(db: Db, weeks: GrowthWeek[], now: Date): Promise<WeekCounts[]> {
  if (!weeks.length) return [];
  const nowIso = now.toISOString();
  const [confirmed, unsubscribed, lost, totals] = await Promise.all([
    perWeek(db, sql`confirmed_at`, weeks, sql<boolean>`1 = 1`),
    perWeek(db, sql`unsubscribed_at`, weeks, sql<boolean>`1 = 1`),
    perWeek(db, sql`updated_at`, weeks, sql<boolean>`status in ('bounced', 'complained')`),
    confirmedAt(db, weeks.map((w) => (w.end < nowIso ? w.end : nowIso))),
  ]);
  return weeks.map((_, i) => ({ confirmed: confirmed[i]!, unsubscribed: unsubscribed[i]!, lost: lost[i]!, total: totals[i]! }));
}
