import type { PublicationView } from './view-model.js';

export type DateSettings = Pick<PublicationView, 'locale' | 'timeZone'>;

/** Dates as readers see them, in the publication's own locale and time zone. */
export interface DateFormatter {
  /** "April 18, 2025" */
  date(iso: string): string;
  /** "April 18, 2025, 3:00 PM" */
  dateTime(iso: string): string;
  /** "Apr 18, 3:00 PM": briefs and lists, where space is short. */
  shortDateTime(iso: string): string;
  /** "April 18, 2025, 11:00 AM EDT": a time a reader elsewhere must not misread (notes). */
  zonedDateTime(iso: string): string;
}

type Style = 'date' | 'time' | 'zonedTime' | 'shortDate';

const options: Record<Style, Intl.DateTimeFormatOptions> = {
  date: { year: 'numeric', month: 'long', day: 'numeric' },
  time: { hour: 'numeric', minute: '2-digit' },
  zonedTime: { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  shortDate: { month: 'short', day: 'numeric' },
};

// Building an Intl.DateTimeFormat costs far more than using one, and every page
// formats dozens of dates in the same few settings.
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter({ locale, timeZone }: DateSettings, style: Style): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${style}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options[style], timeZone });
    cache.set(key, found);
  }
  return found;
}

export function createDateFormatter(settings: DateSettings): DateFormatter {
  const format = (style: Style, iso: string): string => formatter(settings, style).format(new Date(iso));
  // Date and time are formatted apart and joined with a comma: ICU versions disagree on
  // the joiner of a combined format ("at" in newer ones), and pages should not change
  // with the Node.js version.
  return {
    date: (iso) => format('date', iso),
    dateTime: (iso) => `${format('date', iso)}, ${format('time', iso)}`,
    shortDateTime: (iso) => `${format('shortDate', iso)}, ${format('time', iso)}`,
    zonedDateTime: (iso) => `${format('date', iso)}, ${format('zonedTime', iso)}`,
  };
}
