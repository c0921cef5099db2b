import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import {
  claimJobs,
  extendLease,
  finishJob,
  leaseOf,
  pruneFinishedJobs,
  releaseLeasesOfGoneWorkers,
  type JobOutcome,
  type JobRow,
} from '../store/jobs/job-repository.js';
import type { Tables } from '../store/schema.js';
import type { DialectOperations } from '../store/store.js';
import { DEFAULT_BACKOFF, retryDelayMs, type Backoff } from './backoff.js';

// The job worker runs in every server process (and in each cluster worker). It claims
// one due job at a time with a lease, runs its handler, and records the outcome. The
// claim is atomic in the database, so any number of workers share one queue; a worker
// that dies mid-job leaves a lease that runs out, and another worker runs the job again.
// Handlers are therefore written to be safe to run twice.

export interface JobLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface JobContext {
  jobId: number;
  kind: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** The ISO time the job was due. */
  runAt: string;
  /** Aborted when the lease is lost or shutdown's grace period ends: stop early then. */
  signal: AbortSignal;
  /** Aborted as soon as shutdown begins: a long handler (a newsletter send) winds down at a safe point. */
  stopping: AbortSignal;
}

/** A handler parses its payload itself: it is data from the database, so `unknown`. */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

/** Thrown by a handler when retrying cannot help (bad payload): the job fails at once. */
export class PermanentJobError extends Error {}

export interface JobWorkerOptions {
  db: Kysely<Tables>;
  /** The store's claim, atomic on its engine (decision 0006). */
  dialect: Pick<DialectOperations, 'claimDueJobs'>;
  handlers: Readonly<Record<string, JobHandler>>;
  /** How often an idle worker looks for due jobs (default 1,000 ms). */
  pollMs?: number;
  /** Unique per process; the default is host:pid:random. */
  workerId?: string;
  log?: JobLog;
  /** How long a claim holds before another worker may take the job (default 60 s); renewed while the handler runs. */
  leaseMs?: number;
  backoff?: Backoff;
  /** How many jobs this process runs at once (default 1). */
  concurrency?: number;
  /** How long stop() lets the in-flight jobs finish before aborting them (default 30 s). */
  stopGraceMs?: number;
  /** Done and cancelled jobs are deleted this long after they finished (default 14 days). */
  keepFinishedMs?: number;
}

export interface JobWorker {
  readonly workerId: string;
  /** Looks for due jobs now, e.g. after a transaction that enqueued one has committed. */
  wake(): void;
  /** Claims nothing more, lets the in-flight jobs finish, then resolves. */
  stop(): Promise<void>;
}

const PRUNE_EVERY_MS = 60 * 60_000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Whether the worker that wrote `workerId` ("host:pid:random") on this host is gone: its
 * process no longer exists, or it had our pid (a container restarted as pid 1) but is
 * not us.
 */
export function isGoneWorker(workerId: string, self: string): boolean {
  const [, pidText] = workerId.split(':');
  const pid = Number(pidText);
  if (workerId === self || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function startJobWorker(options: JobWorkerOptions): JobWorker {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const stopRequested = new AbortController();
  // A worker claims only the kinds it can run (the CLI's newsletter sender runs one).
  const kinds = Object.keys(options.handlers);
  const pollMs = options.pollMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const log = options.log ?? console;
  const running = new Set<AbortController>();
  let stopping = false;
  let woken = false;
  let sleepers: Array<() => void> = [];
  let prunedAt = 0;

  const wake = () => {
    woken = true;
    for (const resolve of sleepers) resolve();
    sleepers = [];
  };

  const idle = () => {
    if (woken || stopping) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleepers = sleepers.filter((s) => s !== done);
        resolve();
      }, pollMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      sleepers.push(done);
    });
  };

  async function run(job: JobRow): Promise<void> {
    const lease = leaseOf(job);
    const controller = new AbortController();
    running.add(controller);
    const heartbeat = setInterval(
      () => {
        extendLease(options.db, lease, new Date(Date.now() + leaseMs)).then(
          (held) => {
            if (!held) controller.abort(new Error('the job was taken over, rescheduled or cancelled'));
          },
          (error: unknown) => log.warn(`jobs: could not extend the lease of job ${job.id}: ${messageOf(error)}`),
        );
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    try {
      const outcome = await attempt(job, controller.signal);
      if (!(await finishJob(options.db, lease, outcome))) {
        log.warn(`jobs: job ${job.id} (${job.kind}) lost its lease before it finished; its outcome was not recorded`);
      } else if (outcome.state !== 'done') {
        log.warn(
          `jobs: job ${job.id} (${job.kind}) attempt ${job.attempts}/${job.max_attempts} ${outcome.state === 'retry' ? `failed, retrying at ${outcome.at.toISOString()}` : 'failed for good'}: ${outcome.error}`,
        );
      }
    } finally {
      clearInterval(heartbeat);
      running.delete(controller);
    }
  }

  async function attempt(job: JobRow, signal: AbortSignal): Promise<JobOutcome> {
    if (job.attempts > job.max_attempts) {
      return {
        state: 'failed',
        error: `its last attempt never finished (the worker stopped or crashed; lease held by ${job.locked_by ?? 'unknown'})`,
      };
    }
    const handler = Object.hasOwn(options.handlers, job.kind) ? options.handlers[job.kind] : undefined;
    if (!handler) return { state: 'failed', error: `no handler for job kind "${job.kind}"` };
    let payload: unknown;
    try {
      payload = JSON.parse(job.payload);
    } catch {
      return { state: 'failed', error: 'the payload is not valid JSON' };
    }
    try {
      await handler(payload, {
        jobId: job.id,
        kind: job.kind,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
        runAt: job.run_at,
        signal,
        stopping: stopRequested.signal,
      });
      return { state: 'done' };
    } catch (error) {
      const message = messageOf(error);
      if (error instanceof PermanentJobError || job.attempts >= job.max_attempts) {
        return { state: 'failed', error: message };
      }
      return { state: 'retry', at: new Date(Date.now() + retryDelayMs(job.attempts, options.backoff ?? DEFAULT_BACKOFF)), error: message };
    }
  }

  /** Keeps the queue table small; each process does it at most hourly, when idle. */
  async function prune(): Promise<void> {
    if (Date.now() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = Date.now();
    try {
      await pruneFinishedJobs(options.db, new Date(Date.now() - (options.keepFinishedMs ?? 14 * 24 * 60 * 60_000)));
    } catch (error) {
      log.warn(`jobs: could not prune finished jobs: ${messageOf(error)}`);
    }
  }

  // A server restarted after a crash takes its own unfinished jobs back at once.
  const recovered = options.workerId
    ? Promise.resolve()
    : releaseLeasesOfGoneWorkers(options.db, { hostPrefix: `${hostname()}:`, isGone: (id) => isGoneWorker(id, workerId) }).then(
        (count) => {
          if (count > 0) log.info(`jobs: took back ${count} job${count === 1 ? '' : 's'} left running by a stopped process on this host`);
        },
        (error: unknown) => log.warn(`jobs: could not look for jobs left by stopped processes: ${messageOf(error)}`),
      );

  async function loop(): Promise<void> {
    await recovered;
    while (!stopping) {
      let ran = false;
      try {
        const [job] = await claimJobs(options.db, options.dialect, { workerId, leaseMs, limit: 1, kinds });
        if (job) {
          ran = true;
          await run(job);
        }
      } catch (error) {
        // The database is away (restart, failover): keep polling, it will come back.
        log.error(`jobs: ${messageOf(error)}`);
      }
      if (!ran) {
        await prune();
        await idle();
      }
    }
  }

  const loops = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => loop());
  const finished = Promise.all(loops).then(() => undefined);

  return {
    workerId,
    wake,
    async stop() {
      stopping = true;
      stopRequested.abort(new Error('the server is shutting down'));
      wake();
      await Promise.race([finished, delay(options.stopGraceMs ?? 30_000)]);
      for (const controller of running) controller.abort(new Error('the server is shutting down'));
      // An aborted handler gets a moment to record its outcome; one that ignores the
      // signal is left behind, and its lease runs out so another worker retries it.
      await Promise.race([finished, delay(2_000)]);
    },
  };
}
