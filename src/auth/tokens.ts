import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Secrets handed to people (session cookies, set-up, reset and preview links, API keys):
// 256 random bits, shown once, stored only as a SHA-256 hash.

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function hmac(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
