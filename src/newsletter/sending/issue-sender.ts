import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Mailer } from '../../mail/mailer.js';
import { retryDelayMs, type Backoff } from '../../jobs/backoff.js';
import {
  beginIssueSend,
  deliveryCounts,
  finishIssueIfDone,
  nextRetryAt,
  sendingIssue,
  settleAndClaim,
  type ClaimedDelivery,
  type DeliveryCounts,
  type DeliveryOutcome,
  type FrozenIssue,
} from '../../store/newsletter/delivery-repository.js';
import type { Db } from '../../store/store.js';
import { issueMessages, type ComposeMessage, type OutgoingMessage } from './newsletter-message.js';
import { createSendPace, type SendPace } from './send-pace.js';
import { classifySmtpFailure, smtpErrorText } from './smtp-outcome.js';

// One newsletter issue going out (SECURITY.md, reliability promise 4). The recipients
// are rows in newsletter_deliveries; a few lanes each claim a small batch, hand the
// messages to the SMTP pool one by one, and record the batch's outcomes in one
// transaction. So at any instant at most lanes × batch messages are "in flight": after a
// crash exactly those rows are found still "sending" and become uncertain, and every
// other recipient is either recorded sent (and never mailed again) or still queued
// (and mailed on resume). A stop asked for (shutdown) finishes the message in hand and
// puts the rest of the batch back in the queue, so a clean stop leaves nothing uncertain.

export interface SendTuning {
  /** Batches in flight at once; matches the SMTP pool's connections. */
  lanes: number;
  batchSize: number;
  /** Tries per recipient on temporary (4xx) failures before the row is failed. */
  maxAttempts: number;
  retryBackoff: Backoff;
}

export const DEFAULT_SEND_TUNING: SendTuning = {
  lanes: 5,
  batchSize: 20,
  maxAttempts: 5,
  retryBackoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
};

/** The most messages a crash can leave uncertain. */
export const inFlightWindow = (tuning: SendTuning = DEFAULT_SEND_TUNING): number => tuning.lanes * tuning.batchSize;

export interface IssueSenderDeps {
  db: Db;
  mailer: Mailer;
  siteUrl: string;
  secretKey: string;
  /** The sender address: its domain names the Message-IDs, the List-Id and the mailto unsubscribe. */
  mailFrom: string;
  /** Renders the issue as it is frozen at the start of the send. */
  render(issueId: number): Promise<FrozenIssue>;
  tuning?: SendTuning;
}

export type SendResult = { state: 'sent'; counts: DeliveryCounts } | { state: 'not-scheduled' | 'finished' };

export class SendStopped extends Error {}

export async function sendIssue(deps: IssueSenderDeps, issueId: number, signals: { stop: AbortSignal[] }): Promise<SendResult> {
  const tuning = deps.tuning ?? DEFAULT_SEND_TUNING;
  const stop = AbortSignal.any(signals.stop);
  const begun = await beginIssueSend(deps.db, issueId, () => deps.render(issueId), new Date());
  if (begun.state !== 'sending') return { state: begun.state };
  const issue = await sendingIssue(deps.db, issueId);
  if (!issue) throw new Error(`issue ${issueId} is sending but has no frozen content`);
  const sender = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pace = createSendPace(issue.maxPerSecond);
  const compose = issueMessages(deps, issue);

  // Claims are taken one at a time, so lanes never race for the same rows; each also
  // records the lane's last batch, in the same transaction.
  let claimChain: Promise<unknown> = Promise.resolve();
  const settle = (outcomes: DeliveryOutcome[], limit: number) => {
    const next = claimChain.then(() => settleAndClaim(deps.db, { issueId, sender, outcomes, limit, now: new Date() }));
    claimChain = next.catch(() => undefined);
    return next;
  };

  const lane = async () => {
    let outcomes: DeliveryOutcome[] = [];
    for (;;) {
      const batch = await settle(outcomes, stop.aborted ? 0 : tuning.batchSize);
      if (batch.length === 0) return;
      outcomes = await sendBatch(deps.mailer, batch, { compose, pace, stop, tuning });
    }
  };

  for (;;) {
    await Promise.all(Array.from({ length: tuning.lanes }, lane));
    if (stop.aborted) throw new SendStopped(`the send of issue ${issueId} stopped (${reasonOf(stop)}); it resumes where it left off`);
    if (await finishIssueIfDone(deps.db, issueId, new Date())) return { state: 'sent', counts: await deliveryCounts(deps.db, issueId) };
    // Only rows waiting for a retry are left: sleep until the first is due.
    const due = await nextRetryAt(deps.db, issueId);
    if (due) await sleepUntil(Date.parse(due), stop);
  }
}

async function sendBatch(
  mailer: Mailer,
  batch: readonly ClaimedDelivery[],
  context: { compose: ComposeMessage; pace: SendPace; stop: AbortSignal; tuning: SendTuning },
): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  for (const row of batch) {
    if (context.stop.aborted) {
      // Never handed to SMTP: back in the queue, to go out on resume.
      outcomes.push({ id: row.id, state: 'retry', at: new Date().toISOString(), error: 'not sent before the send stopped' });
      continue;
    }
    try {
      await context.pace.next(context.stop);
    } catch {
      outcomes.push({ id: row.id, state: 'retry', at: new Date().toISOString(), error: 'not sent before the send stopped' });
      continue;
    }
    let message: OutgoingMessage;
    try {
      message = context.compose({ to: row.email, deliveryId: row.id });
    } catch (error) {
      // Never handed to SMTP (an address no header can carry): failed, not uncertain.
      outcomes.push({ id: row.id, state: 'failed', error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    try {
      await mailer.sendRaw(message.to, message.raw);
      outcomes.push({ id: row.id, state: 'sent', messageId: message.messageId, at: new Date().toISOString() });
    } catch (error) {
      outcomes.push(failureOutcome(row, error, context.tuning));
    }
  }
  return outcomes;
}

function failureOutcome(row: ClaimedDelivery, error: unknown, tuning: SendTuning): DeliveryOutcome {
  const text = smtpErrorText(error);
  switch (classifySmtpFailure(error)) {
    case 'bounce':
      return { id: row.id, state: 'bounced', error: text, subscriberId: row.subscriber_id };
    case 'uncertain':
      return { id: row.id, state: 'uncertain', error: `the connection failed mid-message: ${text}` };
    case 'retry':
      if (row.attempts >= tuning.maxAttempts)
        return { id: row.id, state: 'failed', error: `gave up after ${row.attempts} attempts: ${text}` };
      return {
        id: row.id,
        state: 'retry',
        at: new Date(Date.now() + retryDelayMs(row.attempts, tuning.retryBackoff)).toISOString(),
        error: text,
      };
  }
}

function reasonOf(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : 'stopped';
}

function sleepUntil(at: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, at - Date.now()));
    function done() {
      signal.removeEventListener('abort', done);
      clearTimeout(timer);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
