import type { FastifyRequest } from 'fastify';
import { csrfTokenMatches, sameOrigin } from '../auth/csrf.js';
import { readSession, type SessionStaff } from '../auth/sessions.js';
import type { Actor } from '../content/policy.js';
import { SYSTEM_ACTOR_ID } from '../editorial/stories.js';
import type { Db } from '../store/store.js';
import { ApiError, unauthorized } from './api-errors.js';
import { checkApiKey } from './api-keys.js';

// Who is calling the API. /api/admin takes an admin key (`Authorization: Bearer KEY`) or a
// staff session cookie; /api/content takes any valid key as a Bearer or `?key=`.
// An admin key acts as the system actor: role admin (every story action, editor+), no
// staff row (its writes record nobody as author of the change).

export type Principal =
  | { kind: 'key'; keyId: number; scope: 'content' | 'admin' }
  | { kind: 'session'; staff: SessionStaff };

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
      return decodeURIComponent(pair.slice(at + 1).trim().replace(/^"(.*)"$/, '$1'));
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

export async function authenticateAdmin(request: FastifyRequest, deps: AuthDeps, at: Date): Promise<Principal> {
  const presented = bearer(request);
  if (presented === null) throw invalidKey();
  if (presented !== undefined) {
    const key = await checkApiKey(deps.db, presented, at);
    if (!key.ok) throw invalidKey();
    if (key.scope !== 'admin') throw new ApiError(403, 'INSUFFICIENT_SCOPE', 'A content key can only read /api/content; this needs an admin key.');
    return { kind: 'key', keyId: key.id, scope: key.scope };
  }
  const token = deps.secretKey ? cookieValue(request.headers.cookie, sessionCookieName(deps.siteUrl)) : undefined;
  if (!token) throw unauthorized('Sign in, or send an admin API key as "Authorization: Bearer KEY".');
  const staff = await readSession(deps.db, token, at);
  if (!staff) throw unauthorized('The session has ended; sign in again.');
  // A cookie is sent by the browser on its own, so a change needs proof the request
  // came from our own pages: the site's Origin and the session's CSRF token.
  if (!SAFE_METHODS.has(request.method)) {
    const origin = request.headers.origin;
    const referer = request.headers.referer;
    if (!sameOrigin(deps.siteUrl, origin, referer) || !csrfTokenMatches(deps.secretKey, staff.sessionHash, request.headers[CSRF_HEADER])) {
      throw new ApiError(403, 'CSRF', 'This change needs the newsroom\'s own origin and a valid X-CSRF-Token header.');
    }
  }
  return { kind: 'session', staff };
}

export async function authenticateContent(request: FastifyRequest, deps: AuthDeps, at: Date): Promise<Principal> {
  const header = bearer(request);
  if (header === null) throw invalidKey();
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.key;
  const presented = header ?? (typeof fromQuery === 'string' ? fromQuery : undefined);
  if (presented === undefined) throw unauthorized('Send a content API key as "Authorization: Bearer KEY" or "?key=KEY".');
  const key = await checkApiKey(deps.db, presented, at);
  if (!key.ok) throw invalidKey();
  return { kind: 'key', keyId: key.id, scope: key.scope };
}
