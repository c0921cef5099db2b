import type { Db } from '../store.js';

// Reading the content change log that content-version.ts writes: the version, the changes
// after one, and the signal a write of this process gives its own followers.

/** How many changes the log keeps: a process further behind than this drops everything. */
export const CHANGE_LOG_LENGTH = 5000;

export interface ContentChange {
  version: number;
  keys: string[];
}

/** What a process learned: these changes, or everything (it fell behind the log). */
export type Changes = { kind: 'some'; changes: ContentChange[] } | { kind: 'all'; version: number };

const localWriteListeners = new Set<(version: number) => void>();

/**
 * Called with the new version as a content write in this process is recorded (before its
 * commit), so this process's readers can catch up at once instead of at the next signal.
 */
export function onLocalContentWrite(listener: (version: number) => void): () => void {
  localWriteListeners.add(listener);
  return () => localWriteListeners.delete(listener);
}

export function notifyLocalContentWrite(version: number): void {
  for (const listener of localWriteListeners) listener(version);
}

export async function contentVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('publication').select('content_version').where('id', '=', 1).executeTakeFirst();
  return row?.content_version ?? 0;
}

/**
 * The changes after `since`, oldest first, or null when the log no longer reaches back
 * that far (the caller must then assume everything changed).
 */
export async function changesSince(db: Db, since: number, limit = 500): Promise<{ changes: ContentChange[]; complete: boolean } | null> {
  const rows = await db
    .selectFrom('content_changes')
    .select(['version', 'keys'])
    .where('version', '>', since)
    .orderBy('version')
    .limit(limit)
    .execute();
  const first = rows[0];
  if (first && first.version !== since + 1) return null;
  return { changes: rows.map((r) => ({ version: r.version, keys: r.keys.split(' ') })), complete: rows.length < limit };
}
