// ISO 8601 week numbering: weeks start on Monday and week 1 holds the year's first
// Thursday, so 29 December 2025 is in "2026-W01" and 1 January 2027 in "2026-W53".

/** The ISO week of a calendar date ("2026-W48"); month is 1–12. */
export function isoWeekOf(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  // The Thursday of this week decides the year the week belongs to.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}
