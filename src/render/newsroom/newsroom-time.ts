// Dates in the newsroom, in the publication's zone, with the zone named: an editor in
// another city must not guess which 09:00 is meant.

export function formatNewsroomTime(iso: string, where: { zone: string; locale: string }): string {
  return new Intl.DateTimeFormat(where.locale, {
    timeZone: where.zone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}
