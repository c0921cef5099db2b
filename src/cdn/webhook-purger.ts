import { signWebhook } from '../webhooks/webhook-signature.js';
import { batches, type CdnPurger } from './cdn-purger.js';
import { sendPurge } from './purge-request.js';

// The generic purge: for a CDN without an adapter, or a receiver of the operator's own.
// POST {"keys": [...], "at": ISO time} signed exactly like Masthead's webhooks
// (src/webhooks/README.md): X-Masthead-Timestamp (Unix seconds) and
// X-Masthead-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>, so a
// receiver verifies both with the same code.

export const WEBHOOK_PURGE_EVENT = 'cdn.purge';
/** Keeps one body small (about 32 KB of typical keys); receivers may cap what they read. */
const KEYS_PER_REQUEST = 1000;

export function webhookPurger(settings: { url: string; secret: string }, now: () => Date = () => new Date()): CdnPurger {
  return {
    name: 'webhook',
    async purge(keys, options) {
      for (const batch of batches(keys, { maxCount: KEYS_PER_REQUEST })) {
        const at = now();
        const body = JSON.stringify({ keys: batch, at: at.toISOString() });
        const timestamp = String(Math.floor(at.getTime() / 1000));
        await sendPurge(
          {
            cdn: 'webhook',
            url: settings.url,
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-masthead-event': WEBHOOK_PURGE_EVENT,
              'x-masthead-timestamp': timestamp,
              'x-masthead-signature': signWebhook(settings.secret, timestamp, body),
            },
            body,
          },
          options,
        );
      }
    },
  };
}
