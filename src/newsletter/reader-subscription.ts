import { createHash } from 'node:crypto';
import { hashToken, newToken } from '../auth/tokens.js';
import type { MailMessage } from '../mail/mailer.js';
import { newsletterById } from '../store/newsletter/newsletter-repository.js';
import { deleteSubscriber } from '../store/subscribers/subscriber-repository.js';
import {
  confirmSubscriber,
  deliveryTarget,
  findSubscriberById,
  subscriberData,
  subscriptionStatus,
  tokenKnown,
  unsubscribeFromList,
  type ListRef,
} from '../store/subscribers/subscription-repository.js';
import { recordFailure, type ThrottleRule } from '../store/access/throttle-repository.js';
import { consumeToken, insertToken, peekToken, revokeTokens, tokenIssued } from '../store/access/token-repository.js';
import type { Db } from '../store/store.js';
import { dataLinkMail } from './data-link-mail.js';
import { parseUnsubscribeToken } from './unsubscribe-link.js';

// What a reader does with the links we mail them: confirm a sign-up (a POST, never a GET,
// so inbox link scanners confirm nobody), unsubscribe from one list (RFC 8058 one-click),
// and take out or delete everything we hold about them. The unsubscribe link is in every
// issue, so every forwarded issue carries it: it unsubscribes, and it can ask for a data
// link, which is mailed to the address and alone opens the data and its erasure.

export const DATA_LINK_VALID_MS = 30 * 60_000;
export const DATA_LINKS_PER_HOUR = 3;
const HOUR_MS = 60 * 60_000;
/** One more than allowed: recordFailure answers non-null from the first link too many. */
const DATA_LINK_RULE: ThrottleRule = { limit: DATA_LINKS_PER_HOUR + 1, windowMs: HOUR_MS, lockMs: HOUR_MS };
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type TokenProblem = 'invalid' | 'spent';

/** A confirmation link as a GET sees it: usable, or why not. Changes nothing. */
export async function checkConfirmToken(db: Db, token: unknown, at: Date): Promise<'ok' | TokenProblem> {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return 'invalid';
  const hash = hashToken(token);
  if (await peekToken(db, hash, 'newsletter-confirm', at.toISOString())) return 'ok';
  return (await tokenKnown(db, hash)) ? 'spent' : 'invalid';
}

/**
 * Uses the token up and confirms, in one transaction: of two racing POSTs one confirms,
 * and a failure part-way leaves the token unused and nothing changed.
 */
export async function confirmSignup(
  db: Db,
  token: unknown,
  at: Date,
): Promise<{ ok: true; lists: ListRef[] } | { ok: false; problem: TokenProblem }> {
  const state = await checkConfirmToken(db, token, at);
  if (state !== 'ok') return { ok: false, problem: state };
  const now = at.toISOString();
  const lists = await db.transaction().execute(async (trx) => {
    const used = await consumeToken(trx, hashToken(token as string), 'newsletter-confirm', now);
    if (!used?.subject_id) return null;
    return confirmSubscriber(trx, used.subject_id, now);
  });
  return lists ? { ok: true, lists } : { ok: false, problem: 'spent' };
}

export interface UnsubscribeSubject {
  subscriberId: number;
  email: string;
  newsletter: { id: number; name: string };
  deliveryId: number | null;
  /** The subscription's status on that list, null if there is none. */
  status: string | null;
}

/**
 * Who an unsubscribe link stands for. `invalid`: not a link we signed; `gone`: ours,
 * but the subscriber (or the list) has since been deleted.
 */
export async function unsubscribeSubject(db: Db, secret: string, token: unknown): Promise<UnsubscribeSubject | 'invalid' | 'gone'> {
  const target = parseUnsubscribeToken(secret, token);
  if (!target) return 'invalid';
  let subscriberId: number | null;
  let newsletterId: number;
  let deliveryId: number | null = null;
  if ('delivery' in target) {
    const delivery = await deliveryTarget(db, target.delivery);
    if (!delivery) return 'gone';
    ({ subscriber_id: subscriberId, newsletter_id: newsletterId } = delivery);
    deliveryId = target.delivery;
  } else {
    subscriberId = target.subscriber;
    newsletterId = target.newsletter;
  }
  const subscriber = subscriberId === null ? undefined : await findSubscriberById(db, subscriberId);
  const newsletter = await newsletterById(db, newsletterId);
  if (!subscriber || !newsletter) return 'gone';
  return {
    subscriberId: subscriber.id,
    email: subscriber.email,
    newsletter: { id: newsletter.id, name: newsletter.name },
    deliveryId,
    status: await subscriptionStatus(db, subscriber.id, newsletter.id),
  };
}

export async function unsubscribe(db: Db, subject: UnsubscribeSubject, at: Date): Promise<void> {
  const now = at.toISOString();
  await db.transaction().execute((trx) =>
    unsubscribeFromList(trx, {
      subscriberId: subject.subscriberId,
      newsletterId: subject.newsletter.id,
      deliveryId: subject.deliveryId,
      now,
    }),
  );
}

/** Hashed, so the throttle table never holds a reader's address in clear. */
export function dataLinkThrottleKey(email: string): string {
  return `newsletter-data-link:address:${createHash('sha256').update(email).digest('hex')}`;
}

/**
 * A fresh data link for the subscriber an unsubscribe link stands for, as the mail to
 * send after answering; older live links are withdrawn. At most DATA_LINKS_PER_HOUR per
 * address, so a forwarded issue cannot be used to flood the subscriber's inbox.
 */
export async function requestDataLink(
  deps: { db: Db; siteUrl: string; publicationName: string },
  subject: UnsubscribeSubject,
  at: Date,
): Promise<{ ok: true; mail: MailMessage } | { ok: false; retryAfterMs: number }> {
  const limited = await recordFailure(deps.db, dataLinkThrottleKey(subject.email), DATA_LINK_RULE, at);
  if (limited) return { ok: false, retryAfterMs: Math.max(1000, Date.parse(limited) - at.getTime()) };
  const token = newToken();
  const now = at.toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await revokeTokens(trx, 'newsletter-data', subject.subscriberId, now);
    await insertToken(trx, {
      hash: hashToken(token),
      purpose: 'newsletter-data',
      subjectId: subject.subscriberId,
      now,
      expiresAt: new Date(at.getTime() + DATA_LINK_VALID_MS).toISOString(),
    });
  });
  const mail = dataLinkMail(
    { publicationName: deps.publicationName, to: subject.email },
    { dataUrl: `${deps.siteUrl}/newsletter/data?token=${token}`, validMinutes: DATA_LINK_VALID_MS / 60_000 },
  );
  return { ok: true, mail };
}

export type DataLinkProblem = TokenProblem | 'gone';

/** The subscriber a data link opens, or why it opens nothing. Changes nothing. */
export async function dataLinkSubscriber(
  db: Db,
  token: unknown,
  at: Date,
): Promise<{ ok: true; subscriberId: number; email: string } | { ok: false; problem: DataLinkProblem }> {
  if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return { ok: false, problem: 'invalid' };
  const hash = hashToken(token);
  const live = await peekToken(db, hash, 'newsletter-data', at.toISOString());
  if (!live) return { ok: false, problem: (await tokenIssued(db, hash, 'newsletter-data')) ? 'spent' : 'invalid' };
  const subscriber = live.subject_id === null ? undefined : await findSubscriberById(db, live.subject_id);
  return subscriber ? { ok: true, subscriberId: subscriber.id, email: subscriber.email } : { ok: false, problem: 'gone' };
}

/**
 * Erasure through a data link, which it uses up first (of two racing POSTs one deletes),
 * along with every other data link of the subscriber: an id SQLite may hand out again
 * must not lead an old link to a new subscriber.
 */
export async function eraseWithDataLink(db: Db, token: unknown, at: Date): Promise<{ ok: true } | { ok: false; problem: DataLinkProblem }> {
  const found = await dataLinkSubscriber(db, token, at);
  if (!found.ok) return found;
  const now = at.toISOString();
  const used = await db.transaction().execute(async (trx) => {
    const row = await consumeToken(trx, hashToken(token as string), 'newsletter-data', now);
    if (row?.subject_id) await revokeTokens(trx, 'newsletter-data', row.subject_id, now);
    return row;
  });
  if (!used?.subject_id) return { ok: false, problem: 'spent' };
  await deleteSubscriberData(db, used.subject_id);
  return { ok: true };
}

/** The reader's own copy of what we hold (GDPR art. 15 and 20): plain JSON. */
export async function exportSubscriberData(db: Db, subscriberId: number, at: Date) {
  const data = await subscriberData(db, subscriberId);
  if (!data) return null;
  const { subscriber: s, lists, issues } = data;
  return {
    exported_at: at.toISOString(),
    email: s.email,
    status: s.status,
    created_at: s.created_at,
    confirmed_at: s.confirmed_at,
    unsubscribed_at: s.unsubscribed_at,
    consent: { at: s.consent_at, source: s.consent_source, ip: s.consent_ip },
    bounce_reason: s.bounce_reason,
    newsletters: lists.map((l) => ({ slug: l.slug, name: l.name, status: l.status, since: l.created_at, updated_at: l.updated_at })),
    issues_sent: issues.map((i) => ({
      newsletter: i.newsletter,
      subject: i.subject,
      state: i.state,
      sent_at: i.sent_at,
      unsubscribed_at: i.unsubscribed_at,
    })),
  };
}

/** Erasure on request (GDPR art. 17), all or nothing. */
export async function deleteSubscriberData(db: Db, subscriberId: number): Promise<boolean> {
  return deleteSubscriber(db, subscriberId);
}
