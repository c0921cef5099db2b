import type { Move } from '../content/workflow.js';
import type { Db } from '../store/store.js';
import type { AuditAction, AuditTarget } from './audit-actions.js';
import type { AuditOrigin } from './audit-origin.js';
import { recordAudit } from './record-audit.js';

// Stories in the audit trail: the moves that change what readers see (publish,
// unpublish, schedule) and deletion, recorded in the move's own transaction.

const MOVE_ACTIONS: Partial<Record<Move, AuditAction>> = {
  publish: 'story.published',
  unpublish: 'story.unpublished',
  schedule: 'story.scheduled',
};

export function storyTarget(story: { id: number; title: string }): AuditTarget {
  return { kind: 'story', id: story.id, label: story.title };
}

export async function recordStoryMove(
  trx: Db,
  move: Move,
  story: { id: number; title: string; slug: string; publish_at: string | null },
  origin?: AuditOrigin,
): Promise<void> {
  const action = MOVE_ACTIONS[move];
  if (!action) return;
  const detail = { slug: story.slug, ...(move === 'schedule' && { publish_at: story.publish_at }) };
  await recordAudit(trx, { action, target: storyTarget(story), detail }, origin);
}
