import { hmac, safeEqual } from '../auth/tokens.js';

// Unsubscribe links are signed, not stored: a newsletter carries one per recipient, and
// RFC 8058 wants it to keep working for as long as the mail sits in an inbox, so it does
// not expire. The signature (HMAC-SHA256 under SECRET_KEY, 256 bits) is typed by purpose.
// A link from an issue names the delivery, so the issue's stats count the unsubscribe;
// a link from anywhere else names the subscriber and the list.

export type UnsubscribeTarget = { delivery: number } | { subscriber: number; newsletter: number };

/** Stands for the recipient's own unsubscribe URL in a rendered issue; replaced per message. */
export const UNSUBSCRIBE_URL_MARKER = 'https://masthead.invalid/unsubscribe-url';

function subjectOf(target: UnsubscribeTarget): string {
  return 'delivery' in target ? `d${target.delivery}` : `s${target.subscriber}-${target.newsletter}`;
}

export function unsubscribeToken(secret: string, target: UnsubscribeTarget): string {
  const subject = subjectOf(target);
  return `${subject}.${hmac(secret, `newsletter-unsubscribe:${subject}`)}`;
}

export function unsubscribeUrl(siteUrl: string, secret: string, target: UnsubscribeTarget): string {
  return unsubscribeUrlOf(siteUrl, unsubscribeToken(secret, target));
}

/** The page a token opens (and the one-click POST target). */
export function unsubscribeUrlOf(siteUrl: string, token: string): string {
  return `${siteUrl}/newsletter/unsubscribe?token=${token}`;
}

export function parseUnsubscribeToken(secret: string, token: unknown): UnsubscribeTarget | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const match = /^(d(\d{1,15})|s(\d{1,15})-(\d{1,15}))\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  if (!safeEqual(match[5]!, hmac(secret, `newsletter-unsubscribe:${match[1]}`))) return null;
  return match[2] !== undefined ? { delivery: Number(match[2]) } : { subscriber: Number(match[3]), newsletter: Number(match[4]) };
}
