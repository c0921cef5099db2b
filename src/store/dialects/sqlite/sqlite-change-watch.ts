import Database from 'better-sqlite3';
import { everyInterval, type ChangeSignal, type ChangeWatch, type ChangeWatchLog } from '../change-watch.js';

// SQLite has no push between processes, but `PRAGMA data_version` is the cheap signal it
// offers: it changes when another connection commits, and reads no table. The watch keeps
// its own read-only connection, so every commit (this process's too) moves it, and its
// polls never queue behind the store's connection. Writes of this process also reach the
// follower at once (store/publication/content-version.ts, onLocalContentWrite).
export const SQLITE_POLL_MS = 250;

export function sqliteWatchChanges(file: string, onSignal: ChangeSignal, log?: ChangeWatchLog): ChangeWatch {
  let connection: Database.Database | null = null;
  let last: number | null = null;
  let failing = false;
  const poll = everyInterval(SQLITE_POLL_MS, async () => {
    const checkedAt = Date.now();
    try {
      connection ??= new Database(file, { readonly: true, fileMustExist: true });
      const version = connection.pragma('data_version', { simple: true }) as number;
      if (failing) log?.info('content changes: the database answers again');
      failing = false;
      // No earlier value to compare with (the first poll, or after a reconnect): a commit
      // may have landed since the follower last read the log, so say "changed" and let it
      // read. Saying "unchanged" here once hid a commit made between a process's start and
      // its first poll until the next write (a live entry never reached a second process).
      const changed = last === null || version !== last;
      last = version;
      onSignal({ changed, checkedAt });
    } catch (error) {
      if (!failing) log?.warn(`content changes: cannot read the database (${(error as Error).message})`);
      failing = true;
      connection?.close();
      connection = null;
      last = null;
      onSignal({ changed: true, checkedAt });
    }
  });
  return {
    boundMs: SQLITE_POLL_MS,
    async stop() {
      await poll.stop();
      connection?.close();
      connection = null;
    },
  };
}
