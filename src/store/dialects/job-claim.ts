import type { Kysely, Selectable } from 'kysely';
import type { JobTable, Tables } from '../schema.js';

// Claiming due jobs is the one queue step whose SQL differs by engine (row locks on
// PostgreSQL, the single writer on SQLite). Each dialect carries its own as
// `Dialect.claimDueJobs`, from {sqlite,postgres}/…-job-claim.ts; both keep the same shape.

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
