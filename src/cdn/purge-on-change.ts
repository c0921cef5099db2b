import { SITE_KEY } from '../content/cache-keys.js';
import type { Changes } from '../store/publication/content-changes.js';
import { enqueueJob } from '../store/jobs/job-repository.js';
import type { Db } from '../store/store.js';
import { CDN_PURGE } from './cdn-purge-job.js';

// Every process learns of every change (site/content-follower.ts) and enqueues its purge
// under the change's version: the dedupe key makes that one job however many processes see
// it, and a process that missed the log's start purges everything.

export async function enqueueCdnPurges(db: Db, changes: Changes): Promise<void> {
  const purges =
    changes.kind === 'all'
      ? [{ version: changes.version, keys: [SITE_KEY] }]
      : changes.changes.map((change) => ({ version: change.version, keys: change.keys }));
  for (const purge of purges) {
    await enqueueJob(db, { kind: CDN_PURGE, payload: { keys: purge.keys }, runAt: new Date(), dedupeKey: `${CDN_PURGE}:${purge.version}` });
  }
}
