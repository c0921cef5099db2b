import type { Kysely, Selectable } from 'kysely';
import type { JobTable, Tables } from '../schema.js';
import type { Dialect } from './dialect.js';
import { postgresClaimDueJobs } from './postgres/postgres-job-claim.js';
import { sqliteClaimDueJobs } from './sqlite/sqlite-job-claim.js';

// Claiming due jobs is the one queue step whose SQL differs by engine (row locks on
// PostgreSQL, the single writer on SQLite); both files keep the same shape.

export interface ClaimRequest {
  workerId: string;
  /** ISO time: queued jobs due by now, and running jobs whose lease ended by now. */
  now: string;
  /** ISO time the new lease ends. */
  leaseUntil: string;
  limit: number;
  /** Only jobs of these kinds: a worker takes only what it has handlers for. */
  kinds: readonly string[];
}

export type ClaimDueJobs = (db: Kysely<Tables>, request: ClaimRequest) => Promise<Array<Selectable<JobTable>>>;

export function claimDueJobsFor(dialect: Pick<Dialect, 'engine'>): ClaimDueJobs {
  switch (dialect.engine) {
    case 'sqlite': return sqliteClaimDueJobs;
    case 'postgres': return postgresClaimDueJobs;
  }
}
