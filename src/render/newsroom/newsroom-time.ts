// Dates in the newsroom, in the publication's zone, with the zone named: an editor in
// another city must not guess which 09:00 is meant.

type Where = { zone: string; locale: string };

const formatterFor = (where: Where) =>
  new Intl.DateTimeFormat(where.locale, {
    timeZone: where.zone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });

export function formatNewsroomTime(iso: string, where: Where): string {
  return formatterFor(where).format(new Date(iso));
}

/** "Dec 2, 2026, 10:18 – 10:27 AM GMT+1": a span (a revision's saves), the date said once. */
export function formatNewsroomRange(fromIso: string, toIso: string, where: Where): string {
  return formatterFor(where).formatRange(new Date(fromIso), new Date(toIso));
}
