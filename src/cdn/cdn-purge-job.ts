import { z } from 'zod';
import type { JobKind } from '../jobs/job-kinds.js';
import { PermanentJobError, type JobHandler } from '../jobs/worker.js';
import type { CdnPurger } from './cdn-purger.js';

// The `cdn.purge` job: a process that sees a content change enqueues one with the
// change's dependency keys; the handler sends them to every configured CDN. A failure
// throws, so the queue retries with backoff; with no CDN configured it is done at once.

export const CDN_PURGE = 'cdn.purge' satisfies JobKind;

/**
 * What src/content/cache-keys.ts makes (`site`, `story:12`, `list:section:3`): no spaces or
 * commas, which separate keys in Surrogate-Key and Cache-Tag headers.
 */
export const CDN_KEY = /^[A-Za-z0-9:._/-]{1,128}$/;

const PayloadSchema = z.object({ keys: z.array(z.string().regex(CDN_KEY, 'a key is letters, digits and : . _ / - only')) });

export function cdnPurgeHandler(deps: { purger: CdnPurger | null }): JobHandler {
  return async (payload, context) => {
    const parsed = PayloadSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PermanentJobError(`invalid cdn.purge payload: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown'}`);
    }
    if (!deps.purger || parsed.data.keys.length === 0) return;
    await deps.purger.purge(parsed.data.keys, { signal: context.signal });
  };
}
