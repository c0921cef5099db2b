import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

// The newsroom's session cookie (SECURITY.md, "CSRF" and "sessions"): HttpOnly,
// SameSite=Strict, path /, and behind TLS the `__Host-` prefix with Secure, which pins it
// to this exact host. On plain http (local development) the prefix is not allowed.

export function sessionCookieName(siteUrl: string): string {
  return siteUrl.startsWith('https://') ? '__Host-masthead_session' : 'masthead_session';
}

export function setSessionCookie(reply: FastifyReply, siteUrl: string, token: string): void {
  reply.setCookie(sessionCookieName(siteUrl), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: siteUrl.startsWith('https://'),
  });
}

export function clearSessionCookie(reply: FastifyReply, siteUrl: string): void {
  reply.clearCookie(sessionCookieName(siteUrl), { path: '/', httpOnly: true, sameSite: 'strict', secure: siteUrl.startsWith('https://') });
}

export function sessionToken(request: FastifyRequest, siteUrl: string): string | null {
  return request.cookies[sessionCookieName(siteUrl)] ?? null;
}

/** Only same-site relative paths inside the newsroom are followed after sign-in. */
export function safeRedirectTarget(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/admin') || value.startsWith('//') || /[\\\s]/.test(value)) return '/admin';
  return value;
}
