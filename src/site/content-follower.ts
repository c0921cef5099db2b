import { changesSince, contentVersion, onLocalContentWrite, type Changes } from '../store/publication/content-changes.js';
import type { Db, DialectOperations } from '../store/store.js';

// One process's view of the content change log. The engine signals (PostgreSQL NOTIFY,
// SQLite's data_version polled every 250 ms); on a signal the follower reads the new
// changes and hands them to its listeners (the page cache, the CDN purge). A cached page
// is therefore served with no database round trip. Two rules keep it honest:
// - a write made by this process is applied before this process serves its next page;
// - if no check has succeeded for longer than the watch's bound plus a grace second
//   (the signal is late or lost), the next request reads the log itself first.

export interface ContentFollower {
  /** Resolves to the content version once everything a reader may rely on is applied. */
  current(): Promise<number>;
  /** Reads the log now (after a signal, or when a caller knows of a write). */
  sync(): Promise<void>;
  onChanges(listener: (changes: Changes) => void): void;
  /** The longest a committed change from another process goes unseen while the database is up. */
  readonly boundMs: number;
  stop(): Promise<void>;
}

const GRACE_MS = 1000;
/** How long a write of this process makes its readers wait for it to be applied. */
const LOCAL_WRITE_MS = 2000;

export function followContentChanges(
  db: Db,
  dialect: Pick<DialectOperations, 'watchChanges'>,
  log?: { warn(message: string): void; info(message: string): void },
): ContentFollower {
  const listeners: Array<(changes: Changes) => void> = [];
  let known: number | null = null;
  let checkedAt = 0;
  let dirty = true;
  let running: Promise<void> | null = null;
  let again = false;
  let localWrite = { version: 0, at: 0 };

  const emit = (changes: Changes) => {
    for (const listener of listeners) listener(changes);
  };

  const readLog = async () => {
    const startedAt = Date.now();
    dirty = false;
    if (known === null) {
      known = await contentVersion(db);
      checkedAt = startedAt;
      return;
    }
    for (;;) {
      const read = await changesSince(db, known);
      if (read === null) {
        known = await contentVersion(db);
        emit({ kind: 'all', version: known });
        break;
      }
      if (read.changes.length) {
        known = read.changes[read.changes.length - 1]!.version;
        emit({ kind: 'some', changes: read.changes });
      }
      if (read.complete) break;
    }
    checkedAt = startedAt;
  };

  /** One read at a time; a signal during a read asks for one more, which may see a later commit. */
  const sync = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await readLog();
        } while (again);
      } catch (error) {
        dirty = true;
        throw error;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const watch = dialect.watchChanges(({ changed, checkedAt: at }) => {
    if (changed || dirty || known === null) void sync().catch(() => undefined);
    else if (!running) checkedAt = Math.max(checkedAt, at);
  }, log);
  const stopLocal = onLocalContentWrite((version) => {
    localWrite = { version: Math.max(version, localWrite.version), at: Date.now() };
    // On SQLite this read queues behind the writing transaction and sees its commit.
    void sync().catch(() => undefined);
  });
  const boundMs = watch.boundMs;

  return {
    boundMs,
    sync,
    async current() {
      const now = Date.now();
      const behindLocalWrite = known === null || (known < localWrite.version && now - localWrite.at < LOCAL_WRITE_MS);
      if (dirty || behindLocalWrite || now - checkedAt > boundMs + GRACE_MS) await sync();
      return known!;
    },
    onChanges(listener) {
      listeners.push(listener);
    },
    async stop() {
      stopLocal();
      await watch.stop();
      await running?.catch(() => undefined);
    },
  };
}
