// What every CDN adapter is: given the dependency keys a change touched (`story:12`,
// `list:section:3`, `site`…), make the CDN drop every page tagged with any of them.
// It throws when the CDN did not confirm, so the `cdn.purge` job is retried.

export interface PurgeOptions {
  /** The job's signal: aborted when its lease is lost or shutdown's grace ends. */
  signal?: AbortSignal;
}

export interface CdnPurger {
  /** A short name for logs and error messages ("fastly", "varnish"…). */
  readonly name: string;
  purge(keys: readonly string[], options?: PurgeOptions): Promise<void>;
}

/**
 * Every configured CDN purged at once. One failure fails the whole purge (after the others
 * have been tried), and the retry purges all of them again: a purge is idempotent, and a
 * page left stale on one CDN is the failure that matters.
 */
export function compositePurger(purgers: readonly CdnPurger[]): CdnPurger {
  return {
    name: purgers.map((p) => p.name).join('+'),
    async purge(keys, options) {
      const outcomes = await Promise.allSettled(purgers.map((purger) => purger.purge(keys, options)));
      const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) {
        throw new AggregateError(failures, failures.map((f) => (f instanceof Error ? f.message : String(f))).join('; '));
      }
    },
  };
}

/**
 * Splits keys into batches no bigger than an API allows: at most `maxCount` keys, and at
 * most `maxChars` characters when joined with one separator between them.
 */
export function batches(keys: readonly string[], limits: { maxCount: number; maxChars?: number }): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const key of new Set(keys)) {
    const added = current.length === 0 ? key.length : chars + 1 + key.length;
    if (current.length > 0 && (current.length >= limits.maxCount || (limits.maxChars !== undefined && added > limits.maxChars))) {
      out.push(current);
      current = [];
    }
    chars = current.length === 0 ? key.length : chars + 1 + key.length;
    current.push(key);
  }
  if (current.length > 0) out.push(current);
  return out;
}
