import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../src/store/jobs/job-repository.js';
import { freshQueueDatabase, spawnWorker, waitFor, type QueueDatabase, type WorkerProcess } from '../helpers/job-workers.js';
import { engines } from '../helpers/server.js';

// SECURITY.md promise 5: a job runs exactly once across any number of processes and is
// not lost when a process dies. Real processes, real engines, short leases.

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe.each(engines())('the job queue across processes on %s', (engine) => {
  let database: QueueDatabase | undefined;
  let workers: WorkerProcess[] = [];

  afterEach(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    workers = [];
    await database?.drop();
    database = undefined;
  });

  const states = async (db: QueueDatabase) =>
    Object.fromEntries(
      (
        await db.store.db
          .selectFrom('jobs')
          .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('state')
          .execute()
      ).map((r) => [r.state, Number(r.n)]),
    );

  it('runs each of 200 due jobs exactly once with two worker processes', async () => {
    database = await freshQueueDatabase(engine);
    const db = database;
    const files = ['a', 'b'].map((name) => path.join(db.dir, `ran-${name}.log`));
    workers = await Promise.all(
      ['a', 'b'].map((name, i) =>
        spawnWorker({
          databaseUrl: db.url,
          workerId: `worker-${name}`,
          mode: 'record',
          outFile: files[i],
          pollMs: 20,
        }),
      ),
    );
    await db.store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 200; i++) await enqueueJob(trx, { kind: 'test.record', payload: { i }, runAt: new Date() });
    });
    await waitFor(async () => (await states(db)).done === 200, 45_000, '200 jobs done');
    await Promise.all(workers.map((w) => w.stop()));

    const runs = files.flatMap(lines);
    const ids = runs.map((line) => line.split(' ')[0]);
    expect(runs).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    // Both processes took part, so the claims really raced.
    expect(lines(files[0]!).length).toBeGreaterThan(0);
    expect(lines(files[1]!).length).toBeGreaterThan(0);
    expect(await states(db)).toEqual({ done: 200 });
  });

  it('runs a job again after its worker is killed with SIGKILL mid-job, once its lease runs out', async () => {
    database = await freshQueueDatabase(engine);
    const db = database;
    const hangFile = path.join(db.dir, 'hang.log');
    const runFile = path.join(db.dir, 'ran.log');
    const id = await enqueueJob(db.store.db, { kind: 'test.record', payload: {}, runAt: new Date(), maxAttempts: 3 });
    const hanging = await spawnWorker({
      databaseUrl: db.url,
      workerId: 'doomed',
      mode: 'hang',
      outFile: hangFile,
      pollMs: 20,
      leaseMs: 1_000,
    });
    workers.push(hanging);
    await waitFor(() => lines(hangFile).includes(`started ${id}`), 10_000, 'the hanging worker to start the job');
    await hanging.kill();
    const orphan = await db.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect([orphan.state, orphan.locked_by, orphan.attempts]).toEqual(['running', 'doomed', 1]);

    workers.push(
      await spawnWorker({ databaseUrl: db.url, workerId: 'rescuer', mode: 'record', outFile: runFile, pollMs: 20, leaseMs: 1_000 }),
    );
    await waitFor(async () => (await states(db)).done === 1, 15_000, 'the job to be done');
    const done = await db.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect([done.state, done.attempts, done.locked_by, done.last_error]).toEqual(['done', 2, null, null]);
    expect(lines(runFile)).toEqual([`${id} rescuer`]);
  });

  it('leaves a job due later alone until its time, then runs it', async () => {
    database = await freshQueueDatabase(engine);
    const db = database;
    const runFile = path.join(db.dir, 'ran.log');
    workers.push(await spawnWorker({ databaseUrl: db.url, workerId: 'w', mode: 'record', outFile: runFile, pollMs: 20 }));
    const dueAt = new Date(Date.now() + 1_500);
    const id = await enqueueJob(db.store.db, { kind: 'test.record', payload: {}, runAt: dueAt });
    await waitFor(() => lines(runFile).length === 1, 15_000, 'the job to run');
    expect(lines(runFile)).toEqual([`${id} w`]);
    // The handler wrote the file when it ran: not before the job was due. (File times come
    // from the kernel's coarse clock, a few ms behind Date.now(), hence the small allowance.)
    const ranAt = statSync(runFile).mtimeMs;
    expect(ranAt, `ran ${Math.round(dueAt.getTime() - ranAt)} ms before it was due`).toBeGreaterThanOrEqual(dueAt.getTime() - 20);
  });
});
