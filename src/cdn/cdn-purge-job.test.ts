import { describe, expect, it } from 'vitest';
import { PermanentJobError, type JobContext } from '../jobs/worker.js';
import type { CdnPurger } from './cdn-purger.js';
import { cdnPurgeHandler } from './cdn-purge-job.js';

// The handler with a purger that records its calls (a real object implementing the
// interface; the adapters themselves are tested over HTTP in cdn-purgers.test.ts).

const context: JobContext = {
  jobId: 7,
  kind: 'cdn.purge',
  attempt: 1,
  maxAttempts: 8,
  runAt: '2026-12-03T10:00:00.000Z',
  signal: new AbortController().signal,
  stopping: new AbortController().signal,
};

function recordingPurger(fail?: Error): CdnPurger & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    name: 'recording',
    calls,
    async purge(keys) {
      calls.push([...keys]);
      if (fail) throw fail;
    },
  };
}

describe('the cdn.purge job', () => {
  it('sends the payload keys to the purger, with the job signal', async () => {
    const purger = recordingPurger();
    await cdnPurgeHandler({ purger })({ keys: ['story:12', 'list:section:3', 'site'] }, context);
    expect(purger.calls).toEqual([['story:12', 'list:section:3', 'site']]);
  });

  it('is done at once with no CDN configured, or no keys', async () => {
    await expect(cdnPurgeHandler({ purger: null })({ keys: ['site'] }, context)).resolves.toBeUndefined();
    const purger = recordingPurger();
    await cdnPurgeHandler({ purger })({ keys: [] }, context);
    expect(purger.calls).toEqual([]);
  });

  it('fails for good on a payload that is not {keys: [...]}, or a key with a space or comma', async () => {
    const purger = recordingPurger();
    for (const payload of [null, {}, { keys: 'site' }, { keys: [12] }, { keys: ['story 12'] }, { keys: ['a,b'] }, { keys: [''] }]) {
      await expect(cdnPurgeHandler({ purger })(payload, context)).rejects.toBeInstanceOf(PermanentJobError);
    }
    await expect(cdnPurgeHandler({ purger })({ keys: ['a b'] }, context)).rejects.toThrow(/invalid cdn.purge payload: keys.0/);
    expect(purger.calls).toEqual([]);
  });

  it('passes a purge failure on, so the queue retries it', async () => {
    const failure = new Error('fastly purge answered 503');
    await expect(cdnPurgeHandler({ purger: recordingPurger(failure) })({ keys: ['site'] }, context)).rejects.toBe(failure);
  });
});
