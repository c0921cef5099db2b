import { hmac, safeEqual } from './tokens.js';

// CSRF tokens bound to the session (a synchronizer token that needs no storage): the
// HMAC of the session's hash under the site secret. A token from another session, or
// from before a login rotated the session, does not match.

export function csrfToken(secret: string, sessionHash: string): string {
  return hmac(secret, `csrf:${sessionHash}`);
}

export function csrfTokenMatches(secret: string, sessionHash: string, presented: unknown): boolean {
  return typeof presented === 'string' && safeEqual(presented, csrfToken(secret, sessionHash));
}

/**
 * Unsafe requests must come from the site's own origin. Browsers send Origin on every
 * POST; a request that carries neither Origin nor Referer is refused, not trusted.
 */
export function sameOrigin(siteUrl: string, origin: string | undefined, referer: string | undefined): boolean {
  const expected = new URL(siteUrl).origin;
  if (origin) return origin === expected;
  if (!referer) return false;
  try {
    return new URL(referer).origin === expected;
  } catch {
    return false;
  }
}
