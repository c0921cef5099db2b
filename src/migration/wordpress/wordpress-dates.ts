// WXR dates are "YYYY-MM-DD HH:MM:SS" with no zone: `post_date` in the site's local
// time, `post_date_gmt` in UTC, and "0000-00-00 00:00:00" for "not set" (drafts).

const WXR_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** The instant a WXR date names, read as UTC; null for the zero date or anything unreadable. */
export function wxrDateAsUtc(value: string): string | null {
  const match = WXR_DATE.exec(value.trim());
  if (!match || match[1] === '0000') return null;
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  const instant = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

/** RSS `pubDate` (RFC 822, with its zone), the last resort for files without wp dates. */
export function rssDate(value: string): string | null {
  if (!value.trim()) return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}
