import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentJobError, startJobWorker, type JobHandler, type JobWorker } from '../../src/jobs/worker.js';
import {
  cancelJobs,
  claimJobs,
  enqueueJob,
  finishJob,
  leaseOf,
  listJobs,
  pruneFinishedJobs,
  rescheduleJob,
} from '../../src/store/jobs/job-repository.js';
import { freshQueueDatabase, waitFor, type QueueDatabase } from '../helpers/job-workers.js';
import { engines, runCli } from '../helpers/server.js';

// The queue's rules on both engines, with the worker in this process.

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const soon = (ms: number) => new Date(Date.now() + ms);

describe.each(engines())('the job queue on %s', (engine) => {
  let database: QueueDatabase | undefined;
  let worker: JobWorker | undefined;

  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await database?.drop();
    database = undefined;
  });

  async function open() {
    database = await freshQueueDatabase(engine);
    return database.store;
  }

  const job = async (id: number) => database!.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('keeps one job per dedupe key while it is queued, and moves it when rescheduled', async () => {
    const { db } = await open();
    const first = await enqueueJob(db, { kind: 'story.publish', payload: { at: 1 }, runAt: soon(60_000), dedupeKey: 'publish:article:42' });
    const again = await enqueueJob(db, {
      kind: 'story.publish',
      payload: { at: 2 },
      runAt: soon(120_000),
      dedupeKey: 'publish:article:42',
    });
    expect(again).toBe(first);
    expect(JSON.parse((await job(first)).payload)).toEqual({ at: 1 });

    const later = soon(300_000);
    expect(await rescheduleJob(db, { kind: 'story.publish', payload: { at: 3 }, runAt: later, dedupeKey: 'publish:article:42' })).toBe(
      first,
    );
    const moved = await job(first);
    expect([moved.run_at, moved.payload, moved.state]).toEqual([later.toISOString(), '{"at":3}', 'queued']);
    expect(await listJobs(db)).toHaveLength(1);
  });

  it('cancels by key, and a later enqueue with that key queues it again', async () => {
    const { db } = await open();
    const id = await enqueueJob(db, { kind: 'story.unpublish', payload: {}, runAt: soon(60_000), dedupeKey: 'unpublish:article:7' });
    expect(await cancelJobs(db, 'unpublish:article:7')).toBe(1);
    expect((await job(id)).state).toBe('cancelled');
    expect(await cancelJobs(db, 'unpublish:article:7')).toBe(0);
    expect(await enqueueJob(db, { kind: 'story.unpublish', payload: {}, runAt: soon(1_000), dedupeKey: 'unpublish:article:7' })).toBe(id);
    expect((await job(id)).state).toBe('queued');
  });

  it('commits an enqueue with the caller’s transaction, or not at all', async () => {
    const { db } = await open();
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueJob(trx, { kind: 'x', payload: {}, runAt: new Date() });
        throw new Error('the publish failed');
      }),
    ).rejects.toThrow('the publish failed');
    expect(await listJobs(db)).toEqual([]);
  });

  it('claims only due jobs, never one twice, even with claims racing on the pool', async () => {
    const { db, dialect } = await open();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 40; i++) await enqueueJob(trx, { kind: 'x', payload: { i }, runAt: new Date() });
      await enqueueJob(trx, { kind: 'x', payload: { later: true }, runAt: soon(60_000) });
    });
    const batches = await Promise.all(
      Array.from({ length: 12 }, (_, i) => claimJobs(db, dialect, { workerId: `w${i}`, leaseMs: 60_000, limit: 5, kinds: ['x'] })),
    );
    const claimed = batches.flat();
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed.map((j) => j.id)).size).toBe(40);
    expect(claimed.every((j) => j.state === 'running' && j.attempts === 1)).toBe(true);
    expect(await claimJobs(db, dialect, { workerId: 'late', leaseMs: 60_000, limit: 5, kinds: ['x'] })).toEqual([]);
  });

  it('ignores the outcome from a worker whose job was rescheduled meanwhile', async () => {
    const { db, dialect } = await open();
    const id = await enqueueJob(db, { kind: 'story.publish', payload: {}, runAt: new Date(), dedupeKey: 'publish:article:9' });
    const [claimed] = await claimJobs(db, dialect, { workerId: 'w', leaseMs: 60_000, limit: 1, kinds: ['story.publish'] });
    const later = soon(600_000);
    await rescheduleJob(db, { kind: 'story.publish', payload: {}, runAt: later, dedupeKey: 'publish:article:9' });
    expect(await finishJob(db, leaseOf(claimed!), { state: 'done' })).toBe(false);
    const row = await job(id);
    expect([row.state, row.run_at]).toEqual(['queued', later.toISOString()]);
  });

  it('prunes old done and cancelled jobs but keeps failed ones and recent ones', async () => {
    const { db, dialect } = await open();
    const monthAgo = new Date(Date.now() - 30 * 24 * 60 * 60_000);
    for (let i = 0; i < 3; i++) await enqueueJob(db, { kind: 'x', payload: { i }, runAt: monthAgo });
    const [done, failed, recent] = await claimJobs(db, dialect, { workerId: 'w', leaseMs: 60_000, limit: 3, kinds: ['x'] });
    await finishJob(db, leaseOf(done!), { state: 'done' }, monthAgo);
    await finishJob(db, leaseOf(failed!), { state: 'failed', error: 'gave up' }, monthAgo);
    await finishJob(db, leaseOf(recent!), { state: 'done' });
    expect(await pruneFinishedJobs(db, new Date(Date.now() - 14 * 24 * 60 * 60_000))).toBe(1);
    expect((await listJobs(db)).map((j) => j.id).sort()).toEqual([failed!.id, recent!.id].sort());
  });

  it('lists queued, running and failed jobs with `masthead jobs`, and not done ones', async () => {
    const { db, dialect } = await open();
    await enqueueJob(db, {
      kind: 'story.publish',
      payload: {},
      runAt: new Date('2030-01-01T09:00:00.000Z'),
      dedupeKey: 'publish:article:5',
    });
    for (const kind of ['media.variants', 'webhook.deliver'])
      await enqueueJob(db, { kind, payload: {}, runAt: new Date(Date.now() - 1_000) });
    const [variants, delivery] = await claimJobs(db, dialect, {
      workerId: 'w',
      leaseMs: 60_000,
      limit: 2,
      kinds: ['story.publish', 'media.variants', 'webhook.deliver'],
    });
    await finishJob(db, leaseOf(variants!), { state: 'done' });
    await finishJob(db, leaseOf(delivery!), { state: 'failed', error: 'the receiver answered 500' });
    const result = await runCli(['jobs'], { cwd: database!.dir, env: { DATABASE_URL: database!.url } });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.find((l) => l.includes('story.publish'))).toContain(
      'queued   story.publish  due 2030-01-01T09:00:00.000Z  attempt 0/5  key publish:article:5',
    );
    expect(lines.find((l) => l.includes('webhook.deliver'))).toContain('failed   webhook.deliver');
    expect(lines.find((l) => l.includes('webhook.deliver'))).toContain('last error: the receiver answered 500');
  });

  it('retries a failing job with backoff, then marks it failed with the last error', async () => {
    const store = await open();
    const runs: number[] = [];
    const id = await enqueueJob(store.db, { kind: 'flaky', payload: {}, runAt: new Date(), maxAttempts: 3 });
    worker = startJobWorker({
      ...store,
      pollMs: 20,
      log: quiet,
      backoff: { baseMs: 100, maxMs: 1_000 },
      handlers: {
        flaky: async (_p, context) => {
          runs.push(Date.now());
          throw new Error(`receiver down (attempt ${context.attempt})`);
        },
      },
    });
    await waitFor(async () => (await job(id)).state === 'failed', 10_000, 'the job to fail');
    const row = await job(id);
    expect([row.attempts, row.last_error, row.locked_by]).toEqual([3, 'receiver down (attempt 3)', null]);
    expect(runs).toHaveLength(3);
    // Equal jitter: at least half of 100 ms, then of 200 ms.
    expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(50);
    expect(runs[2]! - runs[1]!).toBeGreaterThanOrEqual(100);
  });

  it('takes back at once a job left running by a process on this host that is gone, and leaves a live one alone', async () => {
    const store = await open();
    const ran: number[] = [];
    const orphan = await enqueueJob(store.db, { kind: 'resume', payload: {}, runAt: new Date(), maxAttempts: 5 });
    const busy = await enqueueJob(store.db, { kind: 'resume', payload: {}, runAt: new Date(), maxAttempts: 5 });
    // Claimed with hour-long leases: one by a pid that does not exist, one by this live process.
    await claimJobs(store.db, store.dialect, {
      workerId: `${hostname()}:999999999:dead00`,
      leaseMs: 3_600_000,
      limit: 1,
      kinds: ['resume'],
    });
    await claimJobs(store.db, store.dialect, {
      workerId: `${hostname()}:${process.ppid}:alive0`,
      leaseMs: 3_600_000,
      limit: 1,
      kinds: ['resume'],
    });
    worker = startJobWorker({
      db: store.db,
      dialect: store.dialect,
      pollMs: 20,
      log: quiet,
      handlers: {
        resume: async (_p, context) => {
          ran.push(context.jobId);
        },
      },
    });
    await waitFor(async () => (await job(orphan)).state === 'done', 10_000, 'the orphaned job to run');
    expect(ran).toEqual([orphan]);
    expect((await job(busy)).state).toBe('running');
  });

  it('fails, without running it again, a job whose last attempt never finished', async () => {
    const store = await open();
    const ran: number[] = [];
    const id = await enqueueJob(store.db, { kind: 'once', payload: {}, runAt: new Date(), maxAttempts: 1 });
    // A worker that claimed it and vanished: its 1 ms lease is over at once.
    await claimJobs(store.db, store.dialect, { workerId: 'vanished', leaseMs: 1, limit: 1, kinds: ['once'] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    worker = startJobWorker({
      ...store,
      pollMs: 20,
      log: quiet,
      handlers: {
        once: async (_p, context) => {
          ran.push(context.jobId);
        },
      },
    });
    await waitFor(async () => (await job(id)).state === 'failed', 10_000, 'the job to fail');
    expect(ran).toEqual([]);
    expect((await job(id)).last_error).toContain('its last attempt never finished');
  });

  it('fails a job with a bad payload at once and says why; leaves a kind it cannot run to a worker that can', async () => {
    const store = await open();
    const unknown = await enqueueJob(store.db, { kind: 'no.such.kind', payload: {}, runAt: new Date() });
    const invalid = await enqueueJob(store.db, { kind: 'strict', payload: { wrong: true }, runAt: new Date() });
    const strict: JobHandler = async () => {
      throw new PermanentJobError('payload has no article id');
    };
    worker = startJobWorker({ ...store, pollMs: 20, log: quiet, handlers: { strict } });
    await waitFor(async () => (await job(invalid)).state === 'failed', 10_000, 'the bad payload to fail');
    expect([(await job(invalid)).attempts, (await job(invalid)).last_error]).toEqual([1, 'payload has no article id']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([(await job(unknown)).state, (await job(unknown)).attempts]).toEqual(['queued', 0]);
  });

  it('finishes the in-flight job on stop, and runs a job at once when woken', async () => {
    const store = await open();
    let release = () => {};
    const finished: number[] = [];
    worker = startJobWorker({
      ...store,
      pollMs: 60_000,
      log: quiet,
      handlers: {
        slow: async (_p, context) => {
          await new Promise<void>((resolve) => {
            release = resolve;
            setTimeout(resolve, 400);
          });
          finished.push(context.jobId);
        },
      },
    });
    const id = await enqueueJob(store.db, { kind: 'slow', payload: {}, runAt: new Date() });
    worker.wake();
    await waitFor(async () => (await job(id)).state === 'running', 5_000, 'the woken worker to claim the job');
    const stopping = worker.stop();
    worker = undefined;
    await stopping;
    release();
    expect(finished).toEqual([id]);
    expect((await job(id)).state).toBe('done');
  });
});
