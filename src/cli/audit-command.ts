import { parseArgs } from 'node:util';
import { auditEntryJson } from '../audit/audit-query.js';
import { walkAuditEntries } from '../store/audit/audit-repository.js';
import type { Store } from '../store/store.js';

// `masthead audit export [--since DATE]` writes the audit trail as JSON lines to stdout,
// oldest first: the same lines as the newsroom's /admin/audit.jsonl, for a log shipper.

const USAGE = 'Usage: masthead audit export [--since YYYY-MM-DD | --since ISO-TIME]';

/** A day (UTC midnight) or a full ISO time, as ISO UTC; null for anything else. */
export function sinceTime(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) return null;
  const time = Date.parse(/T/.test(value) ? value : `${value}T00:00:00Z`);
  if (Number.isNaN(time)) return null;
  const iso = new Date(time).toISOString();
  return /T/.test(value) || iso.slice(0, 10) === value ? iso : null;
}

export async function auditCommand(args: string[], store: Store, write = (text: string) => process.stdout.write(text)): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'export') return usage();
  let values: { since?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { since: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    console.error((error as Error).message);
    return usage();
  }
  const since = values.since === undefined ? undefined : sinceTime(values.since);
  if (since === null) {
    console.error('--since must be a date (YYYY-MM-DD, UTC) or an ISO time with its zone; nothing was exported.');
    return 2;
  }
  for await (const entry of walkAuditEntries(store.db, since ? { since } : {})) {
    // Respect the pipe's back-pressure: a large log must not pile up in memory.
    if (!write(`${auditEntryJson(entry)}\n`)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
  return 0;
}

function usage(): number {
  console.error(USAGE);
  return 2;
}
