import type { ClaimDueJobs } from '../job-claim.js';

// SQLite serializes writers, and a single UPDATE takes the write lock before it reads,
// so choosing the due rows and marking them running is one atomic step: two processes
// on one file can never both claim a job.
export const sqliteClaimDueJobs: ClaimDueJobs = (db, { workerId, now, leaseUntil, limit, kinds }) =>
  db
    .updateTable('jobs')
    .set((eb) => ({ state: 'running', locked_by: workerId, locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where((w) =>
          w.or([
            w.and([w('state', '=', 'queued'), w('run_at', '<=', now)]),
            w.and([w('state', '=', 'running'), w('locked_until', '<=', now)]),
          ]),
        )
        .where('kind', 'in', kinds)
        .orderBy('run_at')
        .orderBy('id')
        .limit(limit),
    )
    .returningAll()
    .execute();
