import type { FastifyRequest } from 'fastify';
import { csrfTokenMatches, sameOrigin } from '../auth/csrf.js';
import { readSession, type SessionStaff } from '../auth/sessions.js';
import type { Actor } from '../content/policy.js';
import { SYSTEM_ACTOR_ID } from '../editorial/editorial-context.js';
import type { Db } from '../store/store.js';
import { lockedUntil, recordFailure, type ThrottleRule } from '../store/access/throttle-repository.js';
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
 * key lookup. A locked address gets 429 with Retry-After, whatever it presents.
 */
export const API_FAILURE_RULE: ThrottleRule = { limit: 30, windowMs: 10 * 60_000, lockMs: 10 * 60_000 };

async function refuseLocked(deps: AuthDeps, request: FastifyRequest, at: Date): Promise<void> {
  const until = await lockedUntil(deps.db, `api-ip:${request.ip}`, at.toISOString());
  if (until) {
    throw new ApiError(429, 'TOO_MANY_FAILURES', 'Too many requests with a wrong key or session from this address; try again later.', {
      retry_after_seconds: Math.max(1, Math.ceil((Date.parse(until) - at.getTime()) / 1000)),
    });
  }
}

async function failed(deps: AuthDeps, request: FastifyRequest, at: Date, error: ApiError): Promise<ApiError> {
  await recordFailure(deps.db, `api-ip:${request.ip}`, API_FAILURE_RULE, at);
  return error;
}

export async function authenticateAdmin(request: FastifyRequest, deps: AuthDeps, at: Date): Promise<Principal> {
  await refuseLocked(deps, request, at);
  const presented = bearer(request);
  if (presented === null) throw await failed(deps, request, at, invalidKey());
  if (presented !== undefined) {
    const key = await checkApiKey(deps.db, presented, at);
    if (!key.ok) throw await failed(deps, request, at, invalidKey());
    if (key.scope !== 'admin')
      throw new ApiError(403, 'INSUFFICIENT_SCOPE', 'A content key can only read /api/content; this needs an admin key.');
    return { kind: 'key', keyId: key.id, scope: key.scope };
  }
  const token = deps.secretKey ? cookieValue(request.headers.cookie, sessionCookieName(deps.siteUrl)) : undefined;
  if (!token) throw unauthorized('Sign in, or send an admin API key as "Authorization: Bearer KEY".');
  const staff = await readSession(deps.db, token, at);
  if (!staff) throw await failed(deps, request, at, unauthorized('The session has ended; sign in again.'));
  // A cookie is sent by the browser on its own, so a change needs proof the request
  // came from our own pages: the site's Origin and the session's CSRF token.
  if (!SAFE_METHODS.has(request.method)) {
    const origin = request.headers.origin;
    const referer = request.headers.referer;
    if (!sameOrigin(deps.siteUrl, origin, referer) || !csrfTokenMatches(deps.secretKey, staff.sessionHash, request.headers[CSRF_HEADER])) {
      throw new ApiError(403, 'CSRF', "This change needs the newsroom's own origin and a valid X-CSRF-Token header.");
    }
  }
  return { kind: 'session', staff };
}

export async function authenticateContent(request: FastifyRequest, deps: AuthDeps, at: Date): Promise<Principal> {
  await refuseLocked(deps, request, at);
  const header = bearer(request);
  if (header === null) throw await failed(deps, request, at, invalidKey());
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.key;
  const presented = header ?? (typeof fromQuery === 'string' ? fromQuery : undefined);
  if (presented === undefined) throw unauthorized('Send a content API key as "Authorization: Bearer KEY" or "?key=KEY".');
  const key = await checkApiKey(deps.db, presented, at);
  if (!key.ok) throw await failed(deps, request, at, invalidKey());
  return { kind: 'key', keyId: key.id, scope: key.scope };
}
