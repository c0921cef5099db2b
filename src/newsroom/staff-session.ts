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

// The pending second step of a two-factor sign-in (auth/two-factor-challenge.ts): its own
// cookie with the same protections, so it binds the step to this browser and is never
// mistaken for a session.
function twoFactorCookieName(siteUrl: string): string {
  return siteUrl.startsWith('https://') ? '__Host-masthead_2fa' : 'masthead_2fa';
}

export function setTwoFactorCookie(reply: FastifyReply, siteUrl: string, token: string, maxAgeSeconds: number): void {
  reply.setCookie(twoFactorCookieName(siteUrl), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: siteUrl.startsWith('https://'),
    maxAge: maxAgeSeconds,
  });
}

export function clearTwoFactorCookie(reply: FastifyReply, siteUrl: string): void {
  reply.clearCookie(twoFactorCookieName(siteUrl), {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: siteUrl.startsWith('https://'),
  });
}

export function twoFactorToken(request: FastifyRequest, siteUrl: string): string | null {
  return request.cookies[twoFactorCookieName(siteUrl)] ?? null;
}
