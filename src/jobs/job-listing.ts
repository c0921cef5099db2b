import type { JobRow } from '../store/jobs/job-repository.js';

// `masthead jobs`: one line per job, for a person looking at a stuck queue.

export function jobListing(jobs: readonly JobRow[]): string[] {
  if (jobs.length === 0) return ['No queued, running or failed jobs.'];
  return jobs.map((job) => {
    const parts = [`#${job.id}`, job.state.padEnd(7), job.kind, `due ${job.run_at}`, `attempt ${job.attempts}/${job.max_attempts}`];
    if (job.dedupe_key) parts.push(`key ${job.dedupe_key}`);
    if (job.state === 'running' && job.locked_by) parts.push(`by ${job.locked_by} until ${job.locked_until ?? '?'}`);
    if (job.last_error) parts.push(`last error: ${job.last_error.replace(/\s+/g, ' ').slice(0, 200)}`);
    return parts.join('  ');
  });
}
