import type { SelectQueryBuilder } from 'kysely';
import { lowerContains } from '../like-pattern.js';
import type { AuditLogTable, Tables } from '../schema.js';
import type { Db } from '../store.js';

// The audit trail's table (migration 0011, docs/audit.md): one insert, and reads. There
// is deliberately no update or delete here, and the engine's trigger refuses them anyway.
// Written only by src/audit/record-audit.ts, inside the caller's transaction when the act
// has one, so an act that rolls back leaves no row.

export type NewAuditEntry = Omit<AuditLogTable, 'id' | 'target_label' | 'detail'> & { target_label: string; detail: string };

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actor_kind: AuditLogTable['actor_kind'];
  actor_id: number | null;
  actor_label: string;
  door: string;
  ip: string | null;
  target_kind: string | null;
  target_id: number | null;
  target_label: string;
  detail: string;
}

/** Every filter is optional; together they narrow (AND). Times are ISO UTC, `until` exclusive. */
export interface AuditFilter {
  action?: string;
  /** Contained in the actor's recorded name ("ada", "api key", "cli"), any case. */
  person?: string;
  targetKind?: string;
  /** A record id (digits) or text contained in the target's label. */
  target?: string;
  since?: string;
  until?: string;
}

export async function insertAuditEntry(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

function filtered<O>(query: SelectQueryBuilder<Tables, 'audit_log', O>, filter: AuditFilter) {
  let q = query;
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.person) q = q.where(lowerContains('actor_label', filter.person));
  if (filter.targetKind) q = q.where('target_kind', '=', filter.targetKind);
  if (filter.target) {
    const target = filter.target;
    q = /^[1-9]\d{0,9}$/.test(target)
      ? q.where((eb) => eb.or([eb('target_id', '=', Number(target)), lowerContains('target_label', target)]))
      : q.where(lowerContains('target_label', target));
  }
  if (filter.since) q = q.where('at', '>=', filter.since);
  if (filter.until) q = q.where('at', '<', filter.until);
  return q;
}

/** One screen of entries, newest first; `before` is the last id of the previous screen (keyset, no counting). */
export async function listAuditEntries(db: Db, filter: AuditFilter, page: { before?: number; limit: number }): Promise<AuditEntry[]> {
  let query = filtered(db.selectFrom('audit_log').selectAll(), filter);
  if (page.before !== undefined) query = query.where('id', '<', page.before);
  return query.orderBy('id', 'desc').limit(page.limit).execute();
}

/** Every matching entry, oldest first, a batch at a time: the JSON-lines export streams this. */
export async function* walkAuditEntries(db: Db, filter: AuditFilter, batch = 500): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const rows = await filtered(db.selectFrom('audit_log').selectAll(), filter)
      .where('id', '>', after)
      .orderBy('id', 'asc')
      .limit(batch)
      .execute();
    yield* rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** An API key's name as it is now, for the row about to be written ("api key NAME"). */
export async function apiKeyName(db: Db, id: number): Promise<string | null> {
  const row = await db.selectFrom('api_keys').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? null;
}
