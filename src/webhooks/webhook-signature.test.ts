import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"event":"article.published"}';

  it('is the hex HMAC-SHA256 of "timestamp.body"', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, '1700000000', body)).toBe(`sha256=${expected}`);
  });

  it('verifies only the exact secret, timestamp and body', () => {
    const signature = signWebhook(secret, '1700000000', body);
    expect(verifyWebhookSignature({ secret, timestamp: '1700000000', body, signature })).toBe(true);
    expect(verifyWebhookSignature({ secret: 'whsec_other', timestamp: '1700000000', body, signature })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp: '1700000001', body, signature })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp: '1700000000', body: `${body} `, signature })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp: '1700000000', body, signature: 'sha256=00' })).toBe(false);
  });
});
