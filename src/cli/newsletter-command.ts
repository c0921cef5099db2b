import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { startJobWorker } from '../jobs/worker.js';
import { mailerFor } from '../mail/mailer.js';
import { readDeliveryReport, unsubscribeRequestToken, type MailEvent } from '../newsletter/bounces/delivery-report.js';
import { unsubscribe, unsubscribeSubject } from '../newsletter/reader-subscription.js';
import { isMaildir, maildirMessages, mboxMessages } from '../newsletter/bounces/mailbox.js';
import { applyMailEvents } from '../newsletter/bounces/mail-events.js';
import { newsletterJobHandlers } from '../newsletter/newsletter-jobs.js';
import { draftRoundup } from '../newsletter/roundup.js';
import { scheduleIssueSend, sendJobKey } from '../newsletter/send-schedule.js';
import { deliveryCounts } from '../store/newsletter/delivery-repository.js';
import { jobByKey, rescheduleJob } from '../store/jobs/job-repository.js';
import { currentIssueOf, defaultNewsletter, issueById, newsletterBySlug } from '../store/newsletter/newsletter-repository.js';
import type { Store } from '../store/store.js';

// `masthead newsletter send [--newsletter SLUG]` mails the list's current issue now
// (drafting the week's round-up first when there is none) and waits for the outcome.
// The send is the same durable job the server runs: if a server is up, whichever
// process claims the job first sends it, and this command reports when it is done.
// `masthead newsletter bounces --mbox FILE | --maildir DIR` reads the sender's mailbox:
// bounce and complaint reports, and unsubscribe requests sent to the mailto link.

const USAGE = `Usage: masthead newsletter send [--newsletter SLUG]
       masthead newsletter bounces --mbox FILE | --maildir DIR`;

function usage(message?: string): number {
  if (message) console.error(message);
  console.error(USAGE);
  return 2;
}

export async function newsletterCommand(args: string[], store: Store, config: Config): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'send') {
      const { values } = parseArgs({ args: rest, options: { newsletter: { type: 'string' } }, strict: true, allowPositionals: false });
      return await send(store, config, values.newsletter);
    }
    if (sub === 'bounces') {
      const { values } = parseArgs({
        args: rest,
        options: { mbox: { type: 'string' }, maildir: { type: 'string' } },
        strict: true,
        allowPositionals: false,
      });
      if ((values.mbox === undefined) === (values.maildir === undefined)) return usage('Give one of --mbox FILE or --maildir DIR.');
      return await bounces(store, config, values);
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return usage((error as Error).message);
    throw error;
  }
  return usage();
}

async function send(store: Store, config: Config, slug: string | undefined): Promise<number> {
  const list = slug === undefined ? await defaultNewsletter(store.db) : await newsletterBySlug(store.db, slug);
  if (!list) {
    console.error(slug === undefined ? 'There is no newsletter yet.' : `No newsletter "${slug}".`);
    return 1;
  }
  const now = new Date();
  let issue = await currentIssueOf(store.db, list.id);
  if (!issue && list.roundup) {
    const draft = await draftRoundup(store.db, list.id, now);
    issue = await issueById(store.db, draft.issueId);
    if (issue && issue.status !== 'draft') {
      console.error(`This week's round-up (issue ${issue.id}) is already ${issue.status}.`);
      return 1;
    }
  }
  if (!issue) {
    console.error(`${list.name} has no issue to send: compose one in the newsroom first.`);
    return 1;
  }
  if (issue.status === 'draft') {
    const scheduled = await scheduleIssueSend(store.db, { issueId: issue.id, at: now });
    if (!scheduled.ok) {
      console.error(
        scheduled.reason === 'empty'
          ? `Issue ${issue.id} has no stories to send.`
          : `Issue ${issue.id} cannot be sent (${scheduled.reason}).`,
      );
      return 1;
    }
  } else if (issue.status === 'scheduled') {
    await rescheduleJob(store.db, {
      kind: 'newsletter.send',
      dedupeKey: sendJobKey(issue.id),
      runAt: now,
      payload: { issue_id: issue.id },
      maxAttempts: 1000,
    });
  }
  console.log(`Sending issue ${issue.id} of ${list.name}: "${issue.subject}"`);

  const mailer = mailerFor(config);
  const worker = startJobWorker({
    db: store.db,
    dialect: store.dialect,
    pollMs: 250,
    handlers: newsletterJobHandlers({
      db: store.db,
      mailer,
      siteUrl: config.siteUrl,
      secretKey: config.secretKey,
      mailFrom: config.mailFrom,
    }),
    log: { info: () => {}, warn: (m) => console.error(m), error: (m) => console.error(m) },
  });
  try {
    const outcome = await waitForIssue(store, issue.id);
    const counts = await deliveryCounts(store.db, issue.id);
    console.log(`Recipients: ${counts.total}`);
    console.log(`Sent: ${counts.sent}, failed: ${counts.failed}, bounced: ${counts.bounced}, uncertain: ${counts.uncertain}`);
    if (counts.uncertain > 0)
      console.log('Uncertain messages were in flight when a sending process stopped; they are not sent again unless an editor asks.');
    if (outcome !== 'sent') console.error(`The send did not finish: ${outcome}`);
    return outcome === 'sent' ? 0 : 1;
  } finally {
    await worker.stop();
    mailer.close();
  }
}

/** Waits until the issue is sent, or its send job gave up. */
async function waitForIssue(store: Store, issueId: number): Promise<string> {
  for (;;) {
    const issue = await issueById(store.db, issueId);
    if (!issue) return 'the issue was deleted';
    if (issue.status === 'sent') return 'sent';
    if (issue.status === 'draft' || issue.status === 'cancelled') return `the issue went back to ${issue.status}`;
    const job = await jobByKey(store.db, sendJobKey(issueId));
    if (job?.state === 'failed' || job?.state === 'cancelled') return `the send job ${job.state}: ${job.last_error ?? ''}`;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function bounces(store: Store, config: Config, source: { mbox?: string; maildir?: string }): Promise<number> {
  if (source.maildir !== undefined && !(await isMaildir(source.maildir))) {
    console.error(`${source.maildir} is not a Maildir (no new/ or cur/ folder).`);
    return 1;
  }
  const messages = source.mbox !== undefined ? mboxMessages(source.mbox) : maildirMessages(source.maildir!);
  let read = 0;
  let understood = 0;
  const events: MailEvent[] = [];
  const unsubscribed: string[] = [];
  for await (const message of messages) {
    read += 1;
    const found = readDeliveryReport(message);
    if (found.length > 0) understood += 1;
    events.push(...found);
    // A reader who used the List-Unsubscribe mailto link: the signed token says who and from which list.
    const token = found.length === 0 ? unsubscribeRequestToken(message) : null;
    const subject = token ? await unsubscribeSubject(store.db, config.secretKey, token) : null;
    if (subject && typeof subject === 'object') {
      await unsubscribe(store.db, subject, new Date());
      unsubscribed.push(`${subject.email} from ${subject.newsletter.name}`);
    }
  }
  const tally = await applyMailEvents(store.db, events, new Date());
  for (const event of events) console.log(`${event.type}: ${event.email} (${event.reason})`);
  for (const line of unsubscribed) console.log(`unsubscribed by mail: ${line}`);
  console.log(
    `Read ${read} message${read === 1 ? '' : 's'}: ${understood} report${understood === 1 ? '' : 's'}, ${tally.bounces} bounce${tally.bounces === 1 ? '' : 's'}, ${tally.complaints} complaint${tally.complaints === 1 ? '' : 's'}; ${tally.changed} address${tally.changed === 1 ? '' : 'es'} will not be mailed again, ${tally.unknown} not on the list.`,
  );
  return 0;
}
