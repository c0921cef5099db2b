import { createHmac, timingSafeEqual } from 'node:crypto';

// X-Masthead-Signature: "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body).
// The timestamp is inside the signed text so a receiver can refuse old replays.

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does; compares in constant time. */
export function verifyWebhookSignature(input: { secret: string; timestamp: string; body: string; signature: string }): boolean {
  const expected = Buffer.from(signWebhook(input.secret, input.timestamp, input.body));
  const given = Buffer.from(input.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
