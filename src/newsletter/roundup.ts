import { isoWeekOf } from '../content/iso-week.js';
import { utcToWallTime, wallTimeToUtc } from '../content/zoned-time.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { insertIssue, issueByPeriod, newsletterById, publishedBetween } from '../store/newsletter/newsletter-repository.js';
import type { Db } from '../store/store.js';

// The weekly round-up (issue 4, item 3): each week, at the list's day and time in the
// publication's zone, a draft is made from the week's stories grouped by section. The
// draft is keyed by its ISO week, so asking twice (a retried job, two processes, the
// editor's button) finds the one that exists instead of making another.

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const DRAFT_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "2026-11-27T10:00" → its date parts in the zone. */
function localDate(instant: Date, timeZone: string): { year: number; month: number; day: number } {
  const [year, month, day] = utcToWallTime(instant.toISOString(), timeZone).slice(0, 10).split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** The next draft_weekday at draft_time in the zone, strictly after `after` (DST included). */
export function nextRoundupAt(list: { draft_weekday: number; draft_time: string }, timeZone: string, after: Date): Date {
  const time = DRAFT_TIME.test(list.draft_time) ? list.draft_time : '10:00';
  const { year, month, day } = localDate(after, timeZone);
  for (let offset = 0; offset <= 8; offset += 1) {
    const date = new Date(Date.UTC(year, month - 1, day + offset));
    if (date.getUTCDay() !== list.draft_weekday) continue;
    const at = wallTimeToUtc(`${date.toISOString().slice(0, 10)}T${time}`, timeZone);
    if (at && new Date(at).getTime() > after.getTime()) return new Date(at);
  }
  throw new Error(`no round-up time found for weekday ${list.draft_weekday}`);
}

/** The ISO week `now` falls in, on the publication's calendar. */
export function roundupPeriod(now: Date, timeZone: string): string {
  const { year, month, day } = localDate(now, timeZone);
  return isoWeekOf(year, month, day);
}

/** Stories in section order (stories without a section last), newest first within one. */
export function roundupOrder(
  stories: Array<{ id: number; publishedAt: string; section: { position: number; id: number } | null }>,
): number[] {
  const rank = (s: (typeof stories)[number]) => (s.section ? [s.section.position, s.section.id] : [Number.MAX_SAFE_INTEGER, 0]);
  return [...stories]
    .sort((a, b) => {
      const [ap, ai] = rank(a);
      const [bp, bi] = rank(b);
      return ap! - bp! || ai! - bi! || b.publishedAt.localeCompare(a.publishedAt) || b.id - a.id;
    })
    .map((s) => s.id);
}

export async function draftRoundup(
  db: Db,
  newsletterId: number,
  now: Date,
  staffId: number | null = null,
): Promise<{ issueId: number; created: boolean }> {
  const [list, settings] = await Promise.all([newsletterById(db, newsletterId), loadPublicationSettings(db)]);
  if (!list) throw new Error(`newsletter ${newsletterId} does not exist`);
  const period = roundupPeriod(now, settings.time_zone);
  const existing = await issueByPeriod(db, newsletterId, period);
  if (existing) return { issueId: existing.id, created: false };
  const stories = await publishedBetween(db, { from: new Date(now.getTime() - WEEK_MS).toISOString(), to: now.toISOString() });
  const weekOf = new Intl.DateTimeFormat(settings.locale, { day: 'numeric', month: 'long', timeZone: settings.time_zone }).format(now);
  try {
    const issueId = await insertIssue(db, {
      newsletterId,
      subject: `${settings.name}: the week of ${weekOf}`,
      intro: '',
      period,
      articleIds: roundupOrder(stories),
      staffId,
      now: now.toISOString(),
    });
    return { issueId, created: true };
  } catch (error) {
    // Two drafts raced for the same week: the unique (newsletter, period) index kept one.
    const winner = await issueByPeriod(db, newsletterId, period);
    if (winner) return { issueId: winner.id, created: false };
    throw error;
  }
}
