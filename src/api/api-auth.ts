import type { FastifyRequest } from 'fastify';
import { csrfTokenMatches, sameOrigin } from '../auth/csrf.js';
import { readSession, type SessionStaff } from '../auth/sessions.js';
import type { Actor } from '../content/policy.js';
import { SYSTEM_ACTOR_ID } from '../editorial/editorial-context.js';
import type { Db } from '../store/store.js';
import { reserveAttempt, settleFailure, settleSuccess, type ReservationRule } from '../store/access/throttle-repository.js';
import { ApiError, unauthorized } from './api-errors.js';
import { checkApiKey } from './api-keys.js';

// Who is calling the API. /api/admin takes an admin key (`Authorization: Bearer KEY`) or a
// staff session cookie; /api/content takes any valid key as a Bearer or `?key=`.
// An admin key acts as the system actor: role admin (every story action, editor+), no
// staff row (its writes record nobody as author of the change).

export type Principal = { kind: 'key'; keyId: number; scope: 'content' | 'admin' } | { kind: 'session'; staff: SessionStaff };

export interface AuthDeps {
  db: Db;
  siteUrl: string;
  /** Empty: no CSRF tokens can be checked, so session cookies are not accepted at all. */
  secretKey: string;
}

/** The newsroom session cookie: `__Host-` on https (no Domain, Path=/, Secure), plain on http. */
export function sessionCookieName(siteUrl: string): string {
  return siteUrl.startsWith('https://') ? '__Host-masthead_session' : 'masthead_session';
}

export const CSRF_HEADER = 'x-csrf-token';

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'key' ? { id: SYSTEM_ACTOR_ID, role: 'admin' } : { id: principal.staff.id, role: principal.staff.role };
}

/** One cookie's value from a Cookie header (RFC 6265 §5.4); undefined when absent or undecodable. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(
        pair
          .slice(at + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      );
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearer(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

const invalidKey = () => unauthorized('The API key is missing, malformed, unknown or revoked.');

/**
 * Failed keys and sessions per client address, counted in the database so every process
 * shares the limit (SECURITY.md, "brute force"). Keys carry 256 random bits, so this is
 * not what keeps them secret; it stops a broken or hostile client from hammering the
 * key lookup. Each request's check is reserved before the lookup, so a burst of wrong
 * keys sent at once is looked up at most `maxInFlight` times before the lock, not once
 * per request. That is above the limit on purpose: an honest client (a site build, a
 * proxy in front of many readers) sends many requests at once, and each holds a place
 * only while its key is looked up. A locked address gets 429 with Retry-After, whatever
 * it presents; an address with `maxInFlight` checks under way gets 429 for a second.
 */
export const API_FAILURE_RULE: ReservationRule = { limit: 30, windowMs: 10 * 60_000, lockMs: 10 * 60_000, maxInFlight: 256 };

/** A refused, unchecked request may try again this soon: the checks ahead of it take milliseconds. */
const BUSY_RETRY_SECONDS = 1;

/** What a check learnt: a caller, a counted failure (a wrong key or session), or a refusal that says nothing about guessing. */
type Check = { ok: true; principal: Principal } | { ok: false; error: ApiError; failure: boolean };

const failure = (error: ApiError): Check => ({ ok: false, error, failure: true });
const refusal = (error: ApiError): Check => ({ ok: false, error, failure: false });

async function underReservation(deps: AuthDeps, request: FastifyRequest, at: Date, check: () => Promise<Check>): Promise<Principal> {
  const key = `api-ip:${request.ip}`;
  const reservation = await reserveAttempt(deps.db, key, API_FAILURE_RULE, at);
  if (!reservation.ok) {
    const retryAfter =
      reservation.reason === 'locked' ? Math.max(1, Math.ceil((Date.parse(reservation.until) - at.getTime()) / 1000)) : BUSY_RETRY_SECONDS;
    const message =
      reservation.reason === 'locked'
        ? 'Too many requests with a wrong key or session from this address; try again later.'
        : 'Too many requests with a key or session from this address are being checked at once; try again in a moment.';
    throw new ApiError(429, 'TOO_MANY_FAILURES', message, { retry_after_seconds: retryAfter });
  }
  let outcome: Check;
  try {
    outcome = await check();
  } catch (error) {
    await settleSuccess(deps.db, key, { clear: false }).catch(() => {});
    throw error;
  }
  if (!outcome.ok && outcome.failure) await settleFailure(deps.db, key, API_FAILURE_RULE, at);
  else await settleSuccess(deps.db, key, { clear: false });
  if (!outcome.ok) throw outcome.error;
  return outcome.principal;
}

export function authenticateAdmin(request: FastifyRequest, deps: AuthDeps, at: Date): Promise<Principal> {
  return underReservation(deps, request, at, async () => {
    const presented = bearer(request);
    if (presented === null) return failure(invalidKey());
    if (presented !== undefined) {
      const key = await checkApiKey(deps.db, presented, at);
      if (!key.ok) return failure(invalidKey());
      if (key.scope !== 'admin')
        return refusal(new ApiError(403, 'INSUFFICIENT_SCOPE', 'A content key can only read /api/content; this needs an admin key.'));
      return { ok: true, principal: { kind: 'key', keyId: key.id, scope: key.scope } };
    }
    const token = deps.secretKey ? cookieValue(request.headers.cookie, sessionCookieName(deps.siteUrl)) : undefined;
    if (!token) return refusal(unauthorized('Sign in, or send an admin API key as "Authorization: Bearer KEY".'));
    const staff = await readSession(deps.db, token, at);
    if (!staff) return failure(unauthorized('The session has ended; sign in again.'));
    // A cookie is sent by the browser on its own, so a change needs proof the request
    // came from our own pages: the site's Origin and the session's CSRF token.
    if (!SAFE_METHODS.has(request.method)) {
      const origin = request.headers.origin;
      const referer = request.headers.referer;
      if (
        !sameOrigin(deps.siteUrl, origin, referer) ||
        !csrfTokenMatches(deps.secretKey, staff.sessionHash, request.headers[CSRF_HEADER])
      ) {
        return refusal(new ApiError(403, 'CSRF', "This change needs the newsroom's own origin and a valid X-CSRF-Token header."));
      }
    }
    return { ok: true, principal: { kind: 'session', staff } };
  });
}

export function authenticateContent(request: FastifyRequest, deps: AuthDeps, at: Date): Promise<Principal> {
  return underReservation(deps, request, at, async () => {
    const header = bearer(request);
    if (header === null) return failure(invalidKey());
    const fromQuery = (request.query as Record<string, unknown> | undefined)?.key;
    const presented = header ?? (typeof fromQuery === 'string' ? fromQuery : undefined);
    if (presented === undefined) return refusal(unauthorized('Send a content API key as "Authorization: Bearer KEY" or "?key=KEY".'));
    const key = await checkApiKey(deps.db, presented, at);
    if (!key.ok) return failure(invalidKey());
    return { ok: true, principal: { kind: 'key', keyId: key.id, scope: key.scope } };
  });
}
