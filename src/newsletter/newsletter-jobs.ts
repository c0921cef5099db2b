import { z } from 'zod';
import { cancelJobs, enqueueJob, rescheduleJob } from '../store/jobs/job-repository.js';
import { listNewsletters, newsletterById } from '../store/newsletter/newsletter-repository.js';
import { publicationTimeZone } from '../store/publication/settings-repository.js';
import type { Db } from '../store/store.js';
import { PermanentJobError, type JobHandler } from '../jobs/worker.js';
import { renderIssue } from './issue-content.js';
import { draftRoundup, nextRoundupAt } from './roundup.js';
import { sendIssue, type IssueSenderDeps } from './sending/issue-sender.js';

// The newsletter's two durable jobs. `newsletter.send` mails one issue (sending/); a
// run that stops or crashes is run again and resumes. `newsletter.roundup` drafts a
// round-up list's issue for the week at its day and time, then books the next week's.

const SendPayload = z.object({ issue_id: z.number().int().positive() }).strict();
const RoundupPayload = z.object({ newsletter_id: z.number().int().positive() }).strict();

export const roundupJobKey = (newsletterId: number) => `newsletter-roundup:list:${newsletterId}`;

export type NewsletterJobDeps = Omit<IssueSenderDeps, 'render'> & { log?: { info(message: string): void } };

export function newsletterJobHandlers(deps: NewsletterJobDeps): { 'newsletter.send': JobHandler; 'newsletter.roundup': JobHandler } {
  const sender: IssueSenderDeps = { ...deps, render: (issueId) => renderIssue(deps.db, issueId, { siteUrl: deps.siteUrl }) };
  return {
    'newsletter.send': async (payload, context) => {
      const parsed = SendPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentJobError(`bad newsletter-send payload: ${parsed.error.message}`);
      // A stop (shutdown, lost lease) throws SendStopped: the job runs again and resumes.
      const result = await sendIssue(sender, parsed.data.issue_id, { stop: [context.signal, context.stopping] });
      if (result.state === 'sent') {
        const { sent, failed, bounced, uncertain, total } = result.counts;
        deps.log?.info(
          `newsletter: issue ${parsed.data.issue_id} sent to ${sent} of ${total} (${failed} failed, ${bounced} bounced, ${uncertain} uncertain)`,
        );
      }
    },
    'newsletter.roundup': async (payload) => {
      const parsed = RoundupPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentJobError(`bad newsletter-roundup payload: ${parsed.error.message}`);
      const list = await newsletterById(deps.db, parsed.data.newsletter_id);
      if (!list || !list.roundup) return;
      const now = new Date();
      const draft = await draftRoundup(deps.db, list.id, now);
      if (draft.created) deps.log?.info(`newsletter: drafted the round-up for ${list.name} (issue ${draft.issueId})`);
      await bookNextRoundup(deps.db, list.id, now);
    },
  };
}

/** Books the next weekly draft of a round-up list (idempotent while one is queued). */
export async function bookNextRoundup(db: Db, newsletterId: number, after: Date): Promise<void> {
  const list = await newsletterById(db, newsletterId);
  if (!list || !list.roundup) return;
  const at = nextRoundupAt(list, await publicationTimeZone(db), after);
  await enqueueJob(db, { kind: 'newsletter.roundup', dedupeKey: roundupJobKey(list.id), runAt: at, payload: { newsletter_id: list.id } });
}

/**
 * After a list or the publication's time zone changed: each round-up list's next draft
 * moves to its new day and time, and a list that stopped being a round-up has none.
 */
export async function rebookRoundups(db: Db, now: Date): Promise<void> {
  const timeZone = await publicationTimeZone(db);
  for (const list of await listNewsletters(db)) {
    if (!list.roundup) {
      await cancelJobs(db, roundupJobKey(list.id), now);
      continue;
    }
    await rescheduleJob(
      db,
      {
        kind: 'newsletter.roundup',
        dedupeKey: roundupJobKey(list.id),
        runAt: nextRoundupAt(list, timeZone, now),
        payload: { newsletter_id: list.id },
      },
      now,
    );
  }
}

/** At start: every round-up list has its next draft booked. */
export async function bookRoundups(db: Db, now: Date): Promise<void> {
  for (const list of await listNewsletters(db)) if (list.roundup) await bookNextRoundup(db, list.id, now);
}
