import { createHash } from 'node:crypto';
import { hashToken, newToken } from '../auth/tokens.js';
import type { Mailer, MailMessage } from '../mail/mailer.js';
import { listNewsletters, type NewsletterRow } from '../store/newsletter/newsletter-repository.js';
import {
  findSubscriberByEmail,
  insertPendingSubscriber,
  markPending,
  requestSubscriptions,
  subscriptionStates,
  type Consent,
} from '../store/subscribers/subscription-repository.js';
import { lockedUntil, recordFailure, type ThrottleRule } from '../store/access/throttle-repository.js';
import { insertToken } from '../store/access/token-repository.js';
import type { Db } from '../store/store.js';
import type { SignupRequest } from './signup-input.js';
import { alreadySubscribedMail, confirmationMail } from './signup-mail.js';
import { unsubscribeUrl } from './unsubscribe-link.js';

// Double opt-in sign-up (SPEC §6). Whatever the address's history, the caller gives the
// same answer; what differs is only what is stored and whether a mail goes out:
//   new, pending, unsubscribed → pending, with a confirmation link (48 h);
//   confirmed, every asked-for list already active → a short "already subscribed" mail;
//   confirmed, some list new → those lists pending, with a confirmation link;
//   bounced, complained → nothing, ever (those are final).
// At most one mail per address per CONFIRM_MAIL_GAP_MS (a second sign-up inside it gets
// the same answer and no mail), CONFIRM_MAILS_PER_DAY per address per day, and
// SIGNUPS_PER_IP_HOUR sign-ups per IP, counted in the database so every process shares them.

export const CONFIRM_VALID_MS = 48 * 60 * 60_000;
export const CONFIRM_MAILS_PER_DAY = 3;
export const CONFIRM_MAIL_GAP_MS = 10 * 60_000;
export const SIGNUPS_PER_IP_HOUR = 10;
const DAY_MS = 24 * 60 * 60_000;
const HOUR_MS = 60 * 60_000;

const IP_RULE: ThrottleRule = { limit: SIGNUPS_PER_IP_HOUR, windowMs: HOUR_MS, lockMs: HOUR_MS };
/** One more than allowed: recordFailure answers non-null from the first mail too many. */
const ADDRESS_RULE: ThrottleRule = { limit: CONFIRM_MAILS_PER_DAY + 1, windowMs: DAY_MS, lockMs: DAY_MS };
/** The same, one mail per gap: the window opens with a mail and a new one opens only once it has passed. */
const RECENT_ADDRESS_RULE: ThrottleRule = { limit: 2, windowMs: CONFIRM_MAIL_GAP_MS, lockMs: CONFIRM_MAIL_GAP_MS };

export interface SignupDeps {
  db: Db;
  mailer: Mailer;
  siteUrl: string;
  secretKey: string;
  publicationName: string;
}

export type SignupResult =
  | { type: 'accepted'; /** The mail to send after answering, if any. */ mail: MailMessage | null }
  | { type: 'unknown-lists'; slugs: string[] };

export function ipThrottleKey(ip: string): string {
  return `newsletter-signup:ip:${ip}`;
}

/** Hashed, so the throttle table never holds a reader's address in clear. */
export function addressThrottleKey(email: string): string {
  return `newsletter-signup:address:${createHash('sha256').update(email).digest('hex')}`;
}

/** The ten-minute key: one mail, then none until CONFIRM_MAIL_GAP_MS has passed. */
export function recentAddressThrottleKey(email: string): string {
  return `newsletter-signup:recent:${createHash('sha256').update(email).digest('hex')}`;
}

/**
 * Whether a mail may go to `email` now, counted atomically so racing sign-ups cannot both
 * pass. A sign-up inside the gap is not counted against the day's three: it sent nothing.
 */
async function mayMailAddress(db: Db, email: string, at: Date): Promise<boolean> {
  if ((await recordFailure(db, recentAddressThrottleKey(email), RECENT_ADDRESS_RULE, at)) !== null) return false;
  return (await recordFailure(db, addressThrottleKey(email), ADDRESS_RULE, at)) === null;
}

/** Counts one sign-up from `ip`; returns when it may try again if over the limit. */
export async function checkSignupRate(db: Db, ip: string, at: Date): Promise<string | null> {
  const key = ipThrottleKey(ip);
  const locked = await lockedUntil(db, key, at.toISOString());
  if (locked) return locked;
  await recordFailure(db, key, IP_RULE, at);
  return null;
}

function resolveLists(all: NewsletterRow[], slugs: string[]): NewsletterRow[] | { unknown: string[] } {
  if (slugs.length === 0) return all.slice(0, 1);
  const bySlug = new Map(all.map((list) => [list.slug, list]));
  const unknown = slugs.filter((slug) => !bySlug.has(slug));
  return unknown.length > 0 ? { unknown } : slugs.map((slug) => bySlug.get(slug)!);
}

export async function signUp(deps: SignupDeps, request: SignupRequest & { ip: string }, at: Date): Promise<SignupResult> {
  if (request.honeypot) return { type: 'accepted', mail: null };
  const lists = resolveLists(await listNewsletters(deps.db), request.newsletters);
  if ('unknown' in lists) return { type: 'unknown-lists', slugs: lists.unknown };
  if (lists.length === 0) return { type: 'accepted', mail: null };
  // Counted before anything is decided, atomically, so racing sign-ups cannot exceed it.
  const mayMail = await mayMailAddress(deps.db, request.email, at);
  const now = at.toISOString();
  const consent: Consent = { at: now, source: request.source, ip: request.ip };
  const ctx = { publicationName: deps.publicationName, siteUrl: deps.siteUrl, to: request.email };
  const ids = lists.map((list) => list.id);

  const mail = await deps.db.transaction().execute(async (trx): Promise<MailMessage | null> => {
    const existing = await findSubscriberByEmail(trx, request.email);
    if (existing?.status === 'bounced' || existing?.status === 'complained') return null;
    if (existing?.status === 'confirmed') {
      const states = await subscriptionStates(trx, existing.id, ids);
      if (ids.every((id) => states.get(id) === 'active')) {
        return mayMail
          ? alreadySubscribedMail(ctx, {
              lists: lists.map((list) => ({
                name: list.name,
                unsubscribeUrl: unsubscribeUrl(deps.siteUrl, deps.secretKey, { subscriber: existing.id, newsletter: list.id }),
              })),
            })
          : null;
      }
    }
    const subscriber = existing ?? (await insertPendingSubscriber(trx, request.email, consent));
    if (existing) await markPending(trx, existing.id, consent);
    await requestSubscriptions(trx, subscriber.id, ids, now);
    if (!mayMail) return null;
    const token = newToken();
    await insertToken(trx, {
      hash: hashToken(token),
      purpose: 'newsletter-confirm',
      subjectId: subscriber.id,
      now,
      expiresAt: new Date(at.getTime() + CONFIRM_VALID_MS).toISOString(),
    });
    return confirmationMail(ctx, { confirmUrl: `${deps.siteUrl}/newsletter/confirm?token=${token}`, lists });
  });
  return { type: 'accepted', mail };
}
