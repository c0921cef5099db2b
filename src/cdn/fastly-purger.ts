import { batches, type CdnPurger } from './cdn-purger.js';
import { sendPurge } from './purge-request.js';

// Fastly: one batch surrogate-key purge, POST /service/{id}/purge with
// {"surrogate_keys": [...]}; "up to 256 surrogate keys can be purged in one batch
// request" (Fastly API reference, purge: bulkPurgeTag). Fastly reads the keys from the
// page's Surrogate-Key header. A hard purge: a soft one would let the next reader see the
// page from before the correction.

export const FASTLY_API = 'https://api.fastly.com';
export const FASTLY_KEYS_PER_REQUEST = 256;

export function fastlyPurger(settings: { serviceId: string; apiToken: string }, apiBase = FASTLY_API): CdnPurger {
  const url = `${apiBase}/service/${encodeURIComponent(settings.serviceId)}/purge`;
  return {
    name: 'fastly',
    async purge(keys, options) {
      for (const batch of batches(keys, { maxCount: FASTLY_KEYS_PER_REQUEST })) {
        await sendPurge(
          {
            cdn: 'fastly',
            url,
            method: 'POST',
            headers: { 'fastly-key': settings.apiToken, accept: 'application/json', 'content-type': 'application/json' },
            body: JSON.stringify({ surrogate_keys: batch }),
          },
          options,
        );
      }
    },
  };
}
