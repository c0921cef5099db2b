import type { ClaimDueJobs } from '../job-claim.js';

// FOR UPDATE SKIP LOCKED: each process locks the due rows it picks and passes over rows
// another process is claiming, so no job is claimed twice and nobody waits. The state
// condition is re-checked on the newest row version (READ COMMITTED), so a row claimed
// and committed by another process a moment ago is not picked again.
export const postgresClaimDueJobs: ClaimDueJobs = (db, { workerId, now, leaseUntil, limit, kinds }) =>
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
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
