import { requeueUncertain } from '../store/newsletter/delivery-repository.js';
import { cancelJobs, rescheduleJob } from '../store/jobs/job-repository.js';
import type { Db } from '../store/store.js';

// Asking for an issue to go out: the issue becomes "scheduled" and a durable
// `newsletter.send` job is written in the same transaction, at the chosen time (now for
// "send now"). The job freezes the issue and mails it (newsletter/sending/). A scheduled
// issue can be taken back to draft until its send has started.

export const sendJobKey = (issueId: number) => `newsletter-send:issue:${issueId}`;

export type ScheduleOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'not-draft' | 'stale' | 'empty' };

export async function scheduleIssueSend(
  db: Db,
  request: { issueId: number; at: Date; revision?: number; staffId?: number | null; now?: Date },
): Promise<ScheduleOutcome> {
  const now = request.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const issue = await trx
      .selectFrom('newsletter_issues')
      .select(['status', 'revision'])
      .where('id', '=', request.issueId)
      .executeTakeFirst();
    if (!issue) return { ok: false, reason: 'not-found' } as const;
    if (issue.status !== 'draft') return { ok: false, reason: 'not-draft' } as const;
    if (request.revision !== undefined && request.revision !== issue.revision) return { ok: false, reason: 'stale' } as const;
    const stories = await trx
      .selectFrom('newsletter_issue_stories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('issue_id', '=', request.issueId)
      .executeTakeFirstOrThrow();
    if (Number(stories.n) === 0) return { ok: false, reason: 'empty' } as const;
    const updated = await trx
      .updateTable('newsletter_issues')
      .set({
        status: 'scheduled',
        send_at: request.at.toISOString(),
        updated_at: now.toISOString(),
        revision: issue.revision + 1,
        updated_by: request.staffId ?? null,
      })
      .where('id', '=', request.issueId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: 'not-draft' } as const;
    await rescheduleJob(
      trx,
      {
        kind: 'newsletter.send',
        dedupeKey: sendJobKey(request.issueId),
        runAt: request.at,
        payload: { issue_id: request.issueId },
        maxAttempts: 1000,
      },
      now,
    );
    return { ok: true } as const;
  });
}

/** Back to draft, if the send has not started. */
export async function cancelIssueSend(db: Db, request: { issueId: number; staffId?: number | null; now?: Date }): Promise<boolean> {
  const now = request.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('newsletter_issues')
      .set((eb) => ({
        status: 'draft',
        send_at: null,
        updated_at: now.toISOString(),
        revision: eb('revision', '+', 1),
        updated_by: request.staffId ?? null,
      }))
      .where('id', '=', request.issueId)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    await cancelJobs(trx, sendJobKey(request.issueId), now);
    return true;
  });
}

/**
 * An editor's explicit choice after a crash: the uncertain recipients go back in the
 * queue (some will get a second copy; the page says so), and the send job runs again.
 * Returns how many were queued.
 */
export async function resendUncertain(db: Db, request: { issueId: number; now?: Date }): Promise<number> {
  const now = request.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const issue = await trx.selectFrom('newsletter_issues').select('status').where('id', '=', request.issueId).executeTakeFirst();
    if (!issue || (issue.status !== 'sent' && issue.status !== 'sending')) return 0;
    const queued = await requeueUncertain(trx, request.issueId, now);
    if (queued === 0) return 0;
    await trx
      .updateTable('newsletter_issues')
      .set({ status: 'sending', finished_at: null, updated_at: now.toISOString() })
      .where('id', '=', request.issueId)
      .execute();
    await rescheduleJob(
      trx,
      {
        kind: 'newsletter.send',
        dedupeKey: sendJobKey(request.issueId),
        runAt: now,
        payload: { issue_id: request.issueId },
        maxAttempts: 1000,
      },
      now,
    );
    return queued;
  });
}
