import { apiKeyName, insertAuditEntry } from '../store/audit/audit-repository.js';
import type { Db } from '../store/store.js';
import type { AuditAction, AuditActor, AuditTarget } from './audit-actions.js';
import { currentAuditOrigin, type AuditOrigin } from './audit-origin.js';

// The one writer of the audit trail. Call it with the act's transaction when the act has
// one: the row commits with the act, and an act that fails or rolls back leaves none.

export interface AuditEntryInput {
  action: AuditAction;
  target?: AuditTarget | null;
  /** Facts a reader of the log needs (a role's from/to, counts, an attempted address); never a secret. */
  detail?: Record<string, unknown>;
  /** Who acted, when the origin's caller is not it (a sign-in: the person is not signed in yet). */
  actor?: AuditActor;
}

const LABEL_MAX = 200;
const clip = (text: string) => (text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text);

async function actorLabel(db: Db, actor: AuditActor): Promise<string> {
  switch (actor.kind) {
    case 'staff':
      return actor.name;
    case 'api-key':
      return `api key ${(await apiKeyName(db, actor.id)) ?? `#${actor.id}`}`;
    default:
      return actor.kind;
  }
}

export async function recordAudit(
  db: Db,
  entry: AuditEntryInput,
  origin: AuditOrigin = currentAuditOrigin(),
  at = new Date(),
): Promise<void> {
  const actor = entry.actor ?? origin.actor();
  await insertAuditEntry(db, {
    at: at.toISOString(),
    action: entry.action,
    actor_kind: actor.kind,
    actor_id: actor.kind === 'staff' || actor.kind === 'api-key' ? actor.id : null,
    actor_label: clip(await actorLabel(db, actor)),
    door: origin.door,
    ip: origin.ip,
    target_kind: entry.target?.kind ?? null,
    target_id: entry.target?.id ?? null,
    target_label: clip(entry.target?.label ?? ''),
    detail: JSON.stringify(entry.detail ?? {}),
  });
}
