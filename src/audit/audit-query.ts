import { wallTimeToUtc } from '../content/zoned-time.js';
import type { AuditEntry, AuditFilter } from '../store/audit/audit-repository.js';
import { AUDIT_TARGET_KINDS, isAuditAction } from './audit-actions.js';

// The audit trail's filters as a URL carries them (the newsroom screen and its JSON-lines
// export read the same query), and the shape of one exported entry.

export interface AuditQueryValues {
  action: string;
  person: string;
  target_kind: string;
  target: string;
  /** Calendar days (YYYY-MM-DD) in the publication's zone, both inclusive. */
  from: string;
  to: string;
}

export type AuditQuery =
  | { ok: true; filter: AuditFilter; values: AuditQueryValues; before: number | undefined }
  | { ok: false; values: AuditQueryValues; errors: Array<{ field: string; message: string }> };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const text = (query: Record<string, unknown>, key: string, max: number) => {
  const value = query[key];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
};

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** A real calendar day written YYYY-MM-DD (not 2026-02-30). */
function isDay(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00Z`);
  return DAY.test(day) && !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

/** The start of a calendar day in the zone, as ISO UTC; null for anything that is not a real date. */
function dayStart(day: string, zone: string): string | null {
  return isDay(day) ? wallTimeToUtc(`${day}T00:00`, zone) : null;
}

export function parseAuditQuery(query: Record<string, unknown>, zone: string): AuditQuery {
  const values: AuditQueryValues = {
    action: text(query, 'action', 40),
    person: text(query, 'person', 120),
    target_kind: text(query, 'target_kind', 20),
    target: text(query, 'target', 200),
    from: text(query, 'from', 10),
    to: text(query, 'to', 10),
  };
  const errors: Array<{ field: string; message: string }> = [];
  if (values.action && !isAuditAction(values.action)) errors.push({ field: 'action', message: 'is not an action the log records' });
  if (values.target_kind && !(AUDIT_TARGET_KINDS as readonly string[]).includes(values.target_kind))
    errors.push({ field: 'target_kind', message: 'is not a kind of record the log names' });
  const since = values.from ? dayStart(values.from, zone) : undefined;
  if (since === null) errors.push({ field: 'from', message: 'must be a date written YYYY-MM-DD' });
  // `to` is inclusive: entries before the start of the next day.
  const until = values.to ? (isDay(values.to) ? dayStart(nextDay(values.to), zone) : null) : undefined;
  if (until === null) errors.push({ field: 'to', message: 'must be a date written YYYY-MM-DD' });
  if (since && until && since >= until) errors.push({ field: 'to', message: 'must not be before the first day' });
  const rawBefore = text(query, 'before', 12);
  if (rawBefore && !/^[1-9]\d{0,11}$/.test(rawBefore)) errors.push({ field: 'before', message: 'must be an entry number' });
  if (errors.length) return { ok: false, values, errors };
  const filter: AuditFilter = {
    ...(values.action && { action: values.action }),
    ...(values.person && { person: values.person }),
    ...(values.target_kind && { targetKind: values.target_kind }),
    ...(values.target && { target: values.target }),
    ...(since && { since }),
    ...(until && { until }),
  };
  return { ok: true, filter, values, before: rawBefore ? Number(rawBefore) : undefined };
}

/** The filters as a query string (empty values left out), for links that keep them. */
export function auditQueryString(values: AuditQueryValues): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values) as Array<[string, string]>) if (value) params.set(key, value);
  return params.toString();
}

/** One entry as a JSON line: the export of the newsroom and of `masthead audit export`. */
export function auditEntryJson(entry: AuditEntry): string {
  return JSON.stringify({
    id: entry.id,
    at: entry.at,
    action: entry.action,
    actor: { kind: entry.actor_kind, id: entry.actor_id, name: entry.actor_label },
    door: entry.door,
    ip: entry.ip,
    target: entry.target_kind ? { kind: entry.target_kind, id: entry.target_id, label: entry.target_label } : null,
    detail: JSON.parse(entry.detail) as unknown,
  });
}
