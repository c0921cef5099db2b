import { batches, type CdnPurger } from './cdn-purger.js';
import { CdnPurgeError, sendPurge } from './purge-request.js';

// Cloudflare: POST /zones/{zone}/purge_cache with {"tags": [...]}; Cloudflare reads a
// page's tags from its Cache-Tag header. Limits (developers.cloudflare.com/cache/how-to/
// purge-cache/, checked 2026-12): purge by tag on every plan, at most 100 operations
// (tags) per request on every plan, and a per-account rate (5 requests a minute on Free,
// 5 to 50 a second on paid plans) that a 429 reports. We send 30 tags per request, the
// older documented limit, which every account accepts; a change touches a handful of keys,
// so the extra requests only happen on rare bulk changes.

export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';
export const CLOUDFLARE_TAGS_PER_REQUEST = 30;

export function cloudflarePurger(settings: { zoneId: string; apiToken: string }, apiBase = CLOUDFLARE_API): CdnPurger {
  const url = `${apiBase}/zones/${encodeURIComponent(settings.zoneId)}/purge_cache`;
  return {
    name: 'cloudflare',
    async purge(keys, options) {
      for (const batch of batches(keys, { maxCount: CLOUDFLARE_TAGS_PER_REQUEST })) {
        const text = await sendPurge(
          {
            cdn: 'cloudflare',
            url,
            method: 'POST',
            headers: { authorization: `Bearer ${settings.apiToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ tags: batch }),
          },
          options,
        );
        // The v4 API answers {"success": false, "errors": [...]} for some refusals; trust the flag, not only the status.
        if (!succeeded(text)) throw new CdnPurgeError('cloudflare', 200, `cloudflare purge was refused: ${text.slice(0, 200)}`);
      }
    },
  };
}

function succeeded(text: string): boolean {
  try {
    return (JSON.parse(text) as { success?: unknown }).success === true;
  } catch {
    return false;
  }
}
