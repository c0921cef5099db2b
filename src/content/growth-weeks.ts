import { utcToWallTime, wallTimeToUtc } from './zoned-time.js';

// The subscriber growth chart counts by week: weeks start on Monday at 00:00 in the
// publication's time zone (ISO 8601 weeks), so a newsroom in Berlin sees Berlin weeks,
// DST changes included. The boundaries are computed here; the store counts between them.

export interface GrowthWeek {
  /** Monday 00:00 in the zone, as ISO UTC. */
  start: string;
  /** The next Monday 00:00 in the zone, as ISO UTC (exclusive). */
  end: string;
  /** The Monday's calendar date in the zone, "2026-11-23". */
  label: string;
}

const DAY_MS = 86_400_000;

function civilDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last `count` weeks, oldest first; the last one is the week `now` falls in. */
export function growthWeeks(now: Date, timeZone: string, count = 12): GrowthWeek[] {
  const today = utcToWallTime(now.toISOString(), timeZone).slice(0, 10);
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  // getUTCDay: 0 = Sunday; days back to Monday.
  const monday = todayMs - ((new Date(todayMs).getUTCDay() + 6) % 7) * DAY_MS;
  const mondays = Array.from({ length: count + 1 }, (_, i) => civilDate(monday - (count - 1 - i) * 7 * DAY_MS));
  const utc = mondays.map((date) => wallTimeToUtc(`${date}T00:00`, timeZone) ?? `${date}T00:00:00.000Z`);
  return mondays.slice(0, count).map((label, i) => ({ start: utc[i]!, end: utc[i + 1]!, label }));
}

export interface WeekCounts {
  confirmed: number;
  unsubscribed: number;
  /** Bounces and complaints together: both end an address for good. */
  lost: number;
  /** Subscribers confirmed at the week's end (or now, for the current week). */
  total: number;
}

/** "2026-11-23" → "23 Nov" in the locale, for axis labels and table rows. */
export function weekLabel(label: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${label}T00:00:00Z`));
}
