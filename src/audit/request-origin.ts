import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../api/api-auth.js';
import type { SessionStaff } from '../auth/sessions.js';
import type { AuditActor, AuditDoor } from './audit-actions.js';
import { withAuditOrigin, type AuditOrigin } from './audit-origin.js';

// The audit origin of an HTTP request: its door by path, its client address (`request.ip`,
// which TRUST_PROXY makes the real client's behind a proxy) and its caller, read when an
// entry is written: the newsroom's session (request.staff) or the API's principal.

const apiCallers = new WeakMap<FastifyRequest, AuditActor>();

/** The API's auth hook hands its principal through here; returns it unchanged. */
export function noteApiCaller(request: FastifyRequest, principal: Principal): Principal {
  apiCallers.set(
    request,
    principal.kind === 'key'
      ? { kind: 'api-key', id: principal.keyId }
      : { kind: 'staff', id: principal.staff.id, name: principal.staff.name },
  );
  return principal;
}

function callerOf(request: FastifyRequest): AuditActor {
  const api = apiCallers.get(request);
  if (api) return api;
  // Decorated only inside the newsroom's scope: elsewhere it is undefined.
  const staff = (request as { staff?: SessionStaff | null }).staff;
  return staff ? { kind: 'staff', id: staff.id, name: staff.name } : { kind: 'anonymous' };
}

function doorOf(url: string): AuditDoor {
  const path = url.split('?')[0] ?? '';
  if (path === '/admin' || path.startsWith('/admin/')) return 'newsroom';
  if (path === '/api' || path.startsWith('/api/')) return 'api';
  return 'site';
}

export function requestOrigin(request: FastifyRequest): AuditOrigin {
  return { door: doorOf(request.url), ip: request.ip, actor: () => callerOf(request) };
}

/**
 * Runs every handler inside its request's origin. A preHandler, not onRequest: a body
 * parser resumes in the socket's async context and would lose a context set before it.
 * Callback style, so the rest of the hook chain and the handler start inside `run`.
 */
export function installAuditOrigin(app: FastifyInstance): void {
  app.addHook('preHandler', (request, _reply, done) => {
    withAuditOrigin(requestOrigin(request), done);
  });
}
