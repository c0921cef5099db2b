import type { ExpressionBuilder, Kysely, OnConflictDatabase, OnConflictTables, Selectable } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import type { JobTable, Tables } from '../schema.js';

// The durable job queue (table `jobs`, migration 0002). Every function takes a Kysely
// instance *or a transaction*, so a caller can enqueue inside its own write: a story's
// publish and the webhook jobs it causes commit together or not at all.
//
// Lifecycle: queued → running (claimed with a lease) → done | failed | cancelled, and
// running → queued again for a retry, or when a crashed worker's lease runs out.

type Db = Kysely<Tables>;
export type JobRow = Selectable<JobTable>;
export type JobState = JobRow['state'];

export interface NewJob {
  kind: string;
  /** Anything JSON can carry; handlers parse it as `unknown`. */
  payload: unknown;
  runAt: Date;
  /** At most one job per key: e.g. "publish:article:42". */
  dedupeKey?: string;
  /** Runs before the job is marked failed (default 5). */
  maxAttempts?: number;
}

/** Who holds a claimed job: completion and lease renewal only count for the holder. */
export interface JobLease {
  id: number;
  lockedBy: string;
  attempt: number;
}

export type JobOutcome = { state: 'done' } | { state: 'retry'; at: Date; error: string } | { state: 'failed'; error: string };

const TERMINAL: JobState[] = ['done', 'failed', 'cancelled'];
const ERROR_TEXT_LIMIT = 2_000;

function row(job: NewJob, now: Date) {
  return {
    kind: job.kind,
    payload: JSON.stringify(job.payload ?? {}),
    run_at: job.runAt.toISOString(),
    state: 'queued' as const,
    attempts: 0,
    max_attempts: job.maxAttempts ?? 5,
    locked_by: null,
    locked_until: null,
    last_error: null,
    dedupe_key: job.dedupeKey ?? null,
    created_at: now.toISOString(),
    finished_at: null,
  };
}

/** The columns a replaced job takes from the new one (all but id). */
const REPLACED = [
  'kind',
  'payload',
  'run_at',
  'state',
  'attempts',
  'max_attempts',
  'locked_by',
  'locked_until',
  'last_error',
  'created_at',
  'finished_at',
] as const;

function takeNew(eb: ExpressionBuilder<OnConflictDatabase<Tables, 'jobs'>, OnConflictTables<'jobs'>>) {
  return Object.fromEntries(REPLACED.map((column) => [column, eb.ref(`excluded.${column}`)]));
}

/**
 * Adds a job and returns its id. With a `dedupeKey` it is idempotent: while a job with
 * that key is queued or running, nothing changes and that job's id is returned; a
 * finished one (done, failed, cancelled) is replaced by the new job.
 */
export async function enqueueJob(db: Db, job: NewJob, now = new Date()): Promise<number> {
  if (job.dedupeKey === undefined) {
    const inserted = await db.insertInto('jobs').values(row(job, now)).returning('id').executeTakeFirstOrThrow();
    return inserted.id;
  }
  const upserted = await db
    .insertInto('jobs')
    .values(row(job, now))
    .onConflict((oc) => oc.column('dedupe_key').doUpdateSet(takeNew).where('jobs.state', 'in', TERMINAL))
    .returning('id')
    .executeTakeFirst();
  if (upserted) return upserted.id;
  const existing = await db.selectFrom('jobs').select('id').where('dedupe_key', '=', job.dedupeKey).executeTakeFirstOrThrow();
  return existing.id;
}

/**
 * Puts the job with this key at a new time (and payload), whatever state it is in; a
 * worker still running the old one can no longer complete it (its lease is void), so
 * handlers must check that their work is still wanted (e.g. the story is still
 * scheduled for that minute).
 */
export async function rescheduleJob(db: Db, job: NewJob & { dedupeKey: string }, now = new Date()): Promise<number> {
  const upserted = await db
    .insertInto('jobs')
    .values(row(job, now))
    .onConflict((oc) => oc.column('dedupe_key').doUpdateSet(takeNew))
    .returning('id')
    .executeTakeFirstOrThrow();
  return upserted.id;
}

/** Cancels the queued or running job with this key (e.g. an editor cleared the time). */
export async function cancelJobs(db: Db, dedupeKey: string, now = new Date()): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'cancelled', finished_at: now.toISOString(), locked_by: null, locked_until: null })
    .where('dedupe_key', '=', dedupeKey)
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Atomically claims up to `limit` due jobs for `workerId`, each with a lease of `leaseMs`. */
export async function claimJobs(
  db: Db,
  dialect: Pick<Dialect, 'claimDueJobs'>,
  request: { workerId: string; leaseMs: number; limit: number; kinds: readonly string[]; now?: Date },
): Promise<JobRow[]> {
  if (request.kinds.length === 0) return [];
  const now = request.now ?? new Date();
  const at = now.toISOString();
  // A plain read first: an idle poll then takes no write lock, which matters on SQLite
  // where every process polls each second and writers queue behind one another.
  const due = await db
    .selectFrom('jobs')
    .select('id')
    .where((w) =>
      w.or([w.and([w('state', '=', 'queued'), w('run_at', '<=', at)]), w.and([w('state', '=', 'running'), w('locked_until', '<=', at)])]),
    )
    .where('kind', 'in', request.kinds)
    .limit(1)
    .executeTakeFirst();
  if (!due) return [];
  return dialect.claimDueJobs(db, {
    workerId: request.workerId,
    now: at,
    leaseUntil: new Date(now.getTime() + request.leaseMs).toISOString(),
    limit: request.limit,
    kinds: request.kinds,
  });
}

/**
 * Ends, now, the leases of running jobs held by workers on this host that are gone
 * (`isGone(workerId)`), so a restarted server picks up its own crashed work at once
 * instead of waiting for the lease to run out. Returns how many were released.
 */
export async function releaseLeasesOfGoneWorkers(
  db: Db,
  request: { hostPrefix: string; isGone: (workerId: string) => boolean; now?: Date },
): Promise<number> {
  // Running jobs are few (one per busy worker), so they are filtered here, not in SQL.
  const running = await db.selectFrom('jobs').select(['id', 'locked_by']).where('state', '=', 'running').execute();
  const gone = running.filter(
    (job) => job.locked_by !== null && job.locked_by.startsWith(request.hostPrefix) && request.isGone(job.locked_by),
  );
  if (gone.length === 0) return 0;
  const at = (request.now ?? new Date()).toISOString();
  for (const job of gone) {
    await db
      .updateTable('jobs')
      .set({ locked_until: at })
      .where('id', '=', job.id)
      .where('state', '=', 'running')
      .where('locked_by', '=', job.locked_by)
      .execute();
  }
  return gone.length;
}

export function leaseOf(job: JobRow): JobLease {
  return { id: job.id, lockedBy: job.locked_by ?? '', attempt: job.attempts };
}

function held(db: Db, lease: JobLease) {
  return db
    .updateTable('jobs')
    .where('id', '=', lease.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', lease.lockedBy)
    .where('attempts', '=', lease.attempt);
}

/** Extends a lease the holder still has; false when it was lost (expired and reclaimed, rescheduled, cancelled). */
export async function extendLease(db: Db, lease: JobLease, until: Date): Promise<boolean> {
  const result = await held(db, lease).set({ locked_until: until.toISOString() }).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records how a run ended; false (and nothing changed) when the lease was no longer held. */
export async function finishJob(db: Db, lease: JobLease, outcome: JobOutcome, now = new Date()): Promise<boolean> {
  const released = { locked_by: null, locked_until: null };
  const set =
    outcome.state === 'done'
      ? { ...released, state: 'done' as const, finished_at: now.toISOString(), last_error: null }
      : outcome.state === 'retry'
        ? { ...released, state: 'queued' as const, run_at: outcome.at.toISOString(), last_error: outcome.error.slice(0, ERROR_TEXT_LIMIT) }
        : { ...released, state: 'failed' as const, finished_at: now.toISOString(), last_error: outcome.error.slice(0, ERROR_TEXT_LIMIT) };
  const result = await held(db, lease).set(set).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Jobs for the newsroom and `masthead jobs`: newest first, optionally in some states. */
export async function listJobs(db: Db, options: { states?: JobState[]; limit?: number } = {}): Promise<JobRow[]> {
  let query = db
    .selectFrom('jobs')
    .selectAll()
    .orderBy('run_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100);
  if (options.states?.length) query = query.where('state', 'in', options.states);
  return query.execute();
}

/** Deletes done and cancelled jobs finished before `before`; failed ones stay for a person to look at. */
export async function pruneFinishedJobs(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('state', 'in', ['done', 'cancelled'])
    .where('finished_at', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The job with this dedupe key, if any (e.g. an issue's send). */
export async function jobByKey(db: Db, dedupeKey: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
}

export interface JobQueueReading {
  /** Queued jobs whose time has come, not yet claimed. */
  due: number;
  /** Queued jobs set for later. */
  scheduled: number;
  running: number;
  /** How long the oldest due job has waited past its time, in seconds (0 when none is due). */
  oldestDueSeconds: number;
}

/** The queue as an operator watches it (/metrics): two small reads on the (state, run_at) rows. */
export async function jobQueueReading(db: Db, now = new Date()): Promise<JobQueueReading> {
  const at = now.toISOString();
  const [counts, oldest] = await Promise.all([
    db
      .selectFrom('jobs')
      .select((eb) => [
        eb.fn
          .countAll<number>()
          .filterWhere((w) => w.and([w('state', '=', 'queued'), w('run_at', '<=', at)]))
          .as('due'),
        eb.fn
          .countAll<number>()
          .filterWhere((w) => w.and([w('state', '=', 'queued'), w('run_at', '>', at)]))
          .as('scheduled'),
        eb.fn.countAll<number>().filterWhere('state', '=', 'running').as('running'),
      ])
      .where('state', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('jobs')
      .select((eb) => eb.fn.min('run_at').as('run_at'))
      .where('state', '=', 'queued')
      .where('run_at', '<=', at)
      .executeTakeFirst(),
  ]);
  const oldestAt = oldest?.run_at ? Date.parse(String(oldest.run_at)) : NaN;
  return {
    due: Number(counts.due),
    scheduled: Number(counts.scheduled),
    running: Number(counts.running),
    oldestDueSeconds: Number.isNaN(oldestAt) ? 0 : Math.max(0, (now.getTime() - oldestAt) / 1000),
  };
}
