import { sql } from 'kysely';
import type { DeliveryState } from '../schema.js';
import { findSubscriberByEmail } from '../subscribers/subscription-repository.js';
import type { Db } from '../store.js';

// The rows that make a newsletter send durable: one per recipient per issue. Every step
// is a conditional UPDATE, so a row changes hands only from the state the caller saw,
// and a sender that lost the issue (its job was taken over) cannot overwrite anything.

export interface FrozenIssue {
  subject: string;
  html: string;
  text: string;
}

export type BeginOutcome =
  /** The send starts (first run) or goes on (a later run after a crash or a stop). */
  | { state: 'sending' }
  /** Nothing to do: already sent, taken back to draft, or cancelled. */
  | { state: 'finished' | 'not-scheduled' };

/**
 * First run: freezes subject, HTML and text into the issue and writes one queued row
 * per recipient (active subscription, confirmed address), in one transaction. A later
 * run of the same send finds the issue "sending": rows still "sending" were in flight
 * when the last run died, and SMTP cannot tell whether they left, so they become
 * "uncertain" — never re-sent by default, never counted as sent.
 */
export async function beginIssueSend(db: Db, issueId: number, freeze: () => Promise<FrozenIssue>, now: Date): Promise<BeginOutcome> {
  const issue = await db.selectFrom('newsletter_issues').select(['status', 'newsletter_id']).where('id', '=', issueId).executeTakeFirst();
  if (!issue || issue.status === 'draft' || issue.status === 'cancelled') return { state: 'not-scheduled' };
  if (issue.status === 'sent') return { state: 'finished' };
  const at = now.toISOString();
  if (issue.status === 'scheduled') {
    const frozen = await freeze();
    const started = await db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('newsletter_issues')
        .set({ status: 'sending', subject: frozen.subject, html: frozen.html, text: frozen.text, started_at: at, updated_at: at })
        .where('id', '=', issueId)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return false;
      await trx
        .insertInto('newsletter_deliveries')
        .columns(['issue_id', 'subscriber_id', 'email', 'state', 'attempts', 'next_attempt_at'])
        .expression((eb) =>
          eb
            .selectFrom('subscriptions')
            .innerJoin('subscribers', 'subscribers.id', 'subscriptions.subscriber_id')
            .where('subscriptions.newsletter_id', '=', issue.newsletter_id)
            .where('subscriptions.status', '=', 'active')
            .where('subscribers.status', '=', 'confirmed')
            .orderBy('subscribers.id')
            .select([
              sql.lit(issueId).as('issue_id'),
              'subscribers.id',
              'subscribers.email',
              sql.lit('queued').as('state'),
              sql.lit(0).as('attempts'),
              sql.val(at).as('next_attempt_at'),
            ]),
        )
        .onConflict((oc) => oc.columns(['issue_id', 'subscriber_id']).doNothing())
        .execute();
      return true;
    });
    // Another process moved it first (or it was taken back): look again.
    if (!started) return beginIssueSend(db, issueId, freeze, now);
    return { state: 'sending' };
  }
  await db
    .updateTable('newsletter_deliveries')
    .set({ state: 'uncertain', error: 'in flight when the sending process stopped; it may or may not have been delivered' })
    .where('issue_id', '=', issueId)
    .where('state', '=', 'sending')
    .execute();
  return { state: 'sending' };
}

export interface ClaimedDelivery {
  id: number;
  subscriber_id: number | null;
  email: string;
  /** Including this one. */
  attempts: number;
}

/**
 * Takes the next due rows, lowest id first, and marks them in flight for `sender`.
 * Callers in one process claim one batch at a time; `state = 'queued'` in the outer
 * WHERE keeps a row from being taken twice even if two claims ever raced.
 */
export async function claimDeliveries(
  db: Db,
  request: { issueId: number; sender: string; limit: number; now: Date },
): Promise<ClaimedDelivery[]> {
  if (request.limit <= 0) return [];
  const at = request.now.toISOString();
  const rows = await db
    .updateTable('newsletter_deliveries')
    .set((eb) => ({ state: 'sending', claimed_by: request.sender, attempts: eb('attempts', '+', 1) }))
    .where('state', '=', 'queued')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('newsletter_deliveries')
        .select('id')
        .where('issue_id', '=', request.issueId)
        .where('state', '=', 'queued')
        .where('next_attempt_at', '<=', at)
        .orderBy('id')
        .limit(request.limit),
    )
    .returning(['id', 'subscriber_id', 'email', 'attempts'])
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

export type DeliveryOutcome =
  | { id: number; state: 'sent'; messageId: string; at: string }
  | { id: number; state: 'retry'; at: string; error: string }
  | { id: number; state: 'failed' | 'uncertain'; error: string }
  | { id: number; state: 'bounced'; error: string; subscriberId: number | null };

/**
 * A lane's one transaction per batch: the outcomes of the batch it just sent, and the
 * claim of its next one. On SQLite every commit waits for the disk (synchronous=FULL),
 * so one commit per batch instead of two is most of a send's speed.
 */
export async function settleAndClaim(
  db: Db,
  request: { issueId: number; sender: string; outcomes: readonly DeliveryOutcome[]; limit: number; now: Date },
): Promise<ClaimedDelivery[]> {
  return db.transaction().execute(async (trx) => {
    await writeOutcomes(trx, request.sender, request.outcomes, request.now);
    return claimDeliveries(trx, request);
  });
}

async function writeOutcomes(trx: Db, sender: string, outcomes: readonly DeliveryOutcome[], now: Date): Promise<void> {
  const at = now.toISOString();
  // The common case, a whole batch accepted, is one statement: each row its Message-ID.
  const sent = outcomes.filter((outcome) => outcome.state === 'sent');
  if (sent.length > 0) {
    const messageIds = sql<string>`CASE id ${sql.join(
      sent.map((o) => sql`WHEN ${o.id} THEN ${o.messageId}`),
      sql` `,
    )} END`;
    await trx
      .updateTable('newsletter_deliveries')
      .set({ state: 'sent', message_id: messageIds, sent_at: sent.at(-1)!.at, error: null })
      .where(
        'id',
        'in',
        sent.map((o) => o.id),
      )
      .where('state', '=', 'sending')
      .where('claimed_by', '=', sender)
      .execute();
  }
  for (const outcome of outcomes) {
    const held = trx
      .updateTable('newsletter_deliveries')
      .where('id', '=', outcome.id)
      .where('state', '=', 'sending')
      .where('claimed_by', '=', sender);
    switch (outcome.state) {
      case 'sent':
        break;
      case 'retry':
        await held.set({ state: 'queued', next_attempt_at: outcome.at, error: outcome.error, claimed_by: null }).execute();
        break;
      case 'failed':
      case 'uncertain':
        await held.set({ state: outcome.state, error: outcome.error }).execute();
        break;
      case 'bounced':
        await held.set({ state: 'bounced', error: outcome.error }).execute();
        if (outcome.subscriberId !== null)
          await markAddressUndeliverable(trx, { subscriberId: outcome.subscriberId, status: 'bounced', reason: outcome.error, at });
        break;
    }
  }
}

/** Bounced and complained are final: such an address is never mailed again. */
export async function markAddressUndeliverable(
  db: Db,
  change: { subscriberId: number; status: 'bounced' | 'complained'; reason: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('subscribers')
    .set({ status: change.status, bounce_reason: change.reason.slice(0, 500), updated_at: change.at })
    .where('id', '=', change.subscriberId)
    // A complaint outranks a bounce; nothing outranks a complaint.
    .where('status', 'not in', change.status === 'bounced' ? ['bounced', 'complained'] : ['complained'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Queued rows still waiting for a retry: the earliest time one is due, or null if none. */
export async function nextRetryAt(db: Db, issueId: number): Promise<string | null> {
  const row = await db
    .selectFrom('newsletter_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('issue_id', '=', issueId)
    .where('state', '=', 'queued')
    .executeTakeFirst();
  return (row?.at as string | null | undefined) ?? null;
}

/** Marks the issue sent once no row is queued or in flight. */
export async function finishIssueIfDone(db: Db, issueId: number, now: Date): Promise<boolean> {
  const open = await db
    .selectFrom('newsletter_deliveries')
    .select('id')
    .where('issue_id', '=', issueId)
    .where('state', 'in', ['queued', 'sending'])
    .limit(1)
    .executeTakeFirst();
  if (open) return false;
  const at = now.toISOString();
  await db
    .updateTable('newsletter_issues')
    .set({ status: 'sent', finished_at: at, updated_at: at })
    .where('id', '=', issueId)
    .where('status', '=', 'sending')
    .execute();
  return true;
}

export type DeliveryCounts = Record<DeliveryState, number> & { total: number };

export async function deliveryCounts(db: Db, issueId: number): Promise<DeliveryCounts> {
  const rows = await db
    .selectFrom('newsletter_deliveries')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('issue_id', '=', issueId)
    .groupBy('state')
    .execute();
  const counts: DeliveryCounts = { queued: 0, sending: 0, sent: 0, uncertain: 0, failed: 0, bounced: 0, skipped: 0, total: 0 };
  for (const row of rows) {
    counts[row.state] = Number(row.n);
    counts.total += Number(row.n);
  }
  return counts;
}

/** Puts uncertain rows back in the queue: only when an editor asks for it. */
export async function requeueUncertain(db: Db, issueId: number, now: Date): Promise<number> {
  const result = await db
    .updateTable('newsletter_deliveries')
    .set({ state: 'queued', next_attempt_at: now.toISOString(), claimed_by: null, error: null })
    .where('issue_id', '=', issueId)
    .where('state', '=', 'uncertain')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface SendingIssue {
  id: number;
  subject: string;
  html: string;
  text: string;
  listSlug: string;
  listName: string;
  maxPerSecond: number | null;
  publicationName: string;
}

/** What every message of a send shares, read once per run from the frozen issue. */
export async function sendingIssue(db: Db, issueId: number): Promise<SendingIssue | undefined> {
  const row = await db
    .selectFrom('newsletter_issues')
    .innerJoin('newsletters', 'newsletters.id', 'newsletter_issues.newsletter_id')
    .select([
      'newsletter_issues.id',
      'newsletter_issues.subject',
      'newsletter_issues.html',
      'newsletter_issues.text',
      'newsletters.slug',
      'newsletters.name',
      'newsletters.max_per_second',
    ])
    .where('newsletter_issues.id', '=', issueId)
    .executeTakeFirst();
  if (!row || row.html === null || row.text === null) return undefined;
  const publication = await db.selectFrom('publication').select('name').executeTakeFirst();
  return {
    id: row.id,
    subject: row.subject,
    html: row.html,
    text: row.text,
    listSlug: row.slug,
    listName: row.name,
    maxPerSecond: row.max_per_second,
    publicationName: publication?.name ?? '',
  };
}

/**
 * A bounce or complaint reported after the hand-off (a delivery-status mail, a
 * provider's webhook): the address is never mailed again, and a bounce quoting one of
 * our Message-IDs moves that delivery from sent to bounced so the issue's stats say so.
 */
export async function recordReportedFailure(
  db: Db,
  report: { type: 'bounce' | 'complaint'; email: string; messageId: string | null; reason: string; at: string },
): Promise<{ known: boolean; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const subscriber = await findSubscriberByEmail(trx, report.email);
    if (!subscriber) return { known: false, changed: false };
    const changed = await markAddressUndeliverable(trx, {
      subscriberId: subscriber.id,
      status: report.type === 'bounce' ? 'bounced' : 'complained',
      reason: report.reason,
      at: report.at,
    });
    if (report.type === 'bounce' && report.messageId) {
      await trx
        .updateTable('newsletter_deliveries')
        .set({ state: 'bounced', error: report.reason.slice(0, 500) })
        .where('message_id', '=', report.messageId)
        .where('subscriber_id', '=', subscriber.id)
        .where('state', '=', 'sent')
        .execute();
    }
    return { known: true, changed };
  });
}

/** Each issue being sent now, with its deliveries by state (/metrics: a send's progress). */
export async function sendingIssuesProgress(db: Db): Promise<Array<{ issueId: number; counts: DeliveryCounts }>> {
  const issues = await db.selectFrom('newsletter_issues').select('id').where('status', '=', 'sending').orderBy('id').execute();
  return Promise.all(issues.map(async ({ id }) => ({ issueId: id, counts: await deliveryCounts(db, id) })));
}
