import { batches, type CdnPurger } from './cdn-purger.js';
import { sendPurge } from './purge-request.js';

// Varnish with deploy/varnish/default.vcl: one `PURGE` request carrying the keys in
// `X-Purge-Keys: k1 k2 …`; the VCL bans every object whose Surrogate-Key header holds
// any of them. The VCL takes `BAN` alike; PURGE is the method HTTP tooling already knows
// (Node's HTTP parser refuses BAN), so a proxy or a test receiver in between passes it.
// With a token set, it goes in `X-Purge-Token` (the VCL shows where to require it).
// Headers stay well under Varnish's 8 KB header limit (http_req_hdr_len).

export const VARNISH_KEYS_HEADER = 'x-purge-keys';
export const VARNISH_TOKEN_HEADER = 'x-purge-token';
const HEADER_CHARS = 4000;
const KEYS_PER_REQUEST = 200;

export function varnishPurger(settings: { purgeUrl: string; token: string | null }): CdnPurger {
  return {
    name: 'varnish',
    async purge(keys, options) {
      for (const batch of batches(keys, { maxCount: KEYS_PER_REQUEST, maxChars: HEADER_CHARS })) {
        const headers: Record<string, string> = { [VARNISH_KEYS_HEADER]: batch.join(' ') };
        if (settings.token) headers[VARNISH_TOKEN_HEADER] = settings.token;
        await sendPurge({ cdn: 'varnish', url: settings.purgeUrl, method: 'PURGE', headers }, options);
      }
    },
  };
}
