import type { FastifyReply } from 'fastify';

// One place for the headers every response carries (SECURITY.md, "headers"). Reader
// pages allow only our own assets and the nonce'd script; nothing from other hosts,
// except the YouTube player a reader asks for by clicking "Load the video" on an embed
// (framed from youtube-nocookie.com only; src/client/keep-reading.ts).

/**
 * `frames`: the newsroom frames its own previews (the story at phone width, the issue's
 * email), so its pages may frame 'self'. `framedBySelf`: a preview answer that the
 * newsroom frames; every other response refuses to be framed at all.
 */
export function contentSecurityPolicy(nonce: string, options: { frames?: boolean; framedBySelf?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${options.frames ? "'self' " : ''}https://www.youtube-nocookie.com`,
    "form-action 'self'",
    `frame-ancestors ${options.framedBySelf ? "'self'" : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function setCommonHeaders(reply: FastifyReply, siteUrl: string): void {
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
  if (siteUrl.startsWith('https://')) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}
