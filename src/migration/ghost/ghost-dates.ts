// Ghost writes its timestamps in UTC as `YYYY-MM-DD HH:MM:SS` (SQL style, no zone); API
// exports and import tools write ISO-8601; very old exports write epoch milliseconds.

const SQL_STAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/;

export function ghostInstant(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const sql = typeof value === 'string' ? SQL_STAMP.exec(value.trim()) : null;
  const date = sql ? new Date(`${sql[1]}T${sql[2]}Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
