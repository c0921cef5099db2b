import pg from 'pg';
import { everyInterval, type ChangeSignal, type ChangeWatch, type ChangeWatchLog } from '../change-watch.js';

// PostgreSQL pushes: every insert into content_changes notifies `masthead_content` at
// commit (migration 0008). LISTEN holds session state, so it runs on its own direct
// connection (DATABASE_DIRECT_URL), never through a transaction-mode pooler; when that
// connection drops it reconnects with backoff and signals once back, to catch up. A slow
// poll bounds what a lost notification (or a dead listener) can delay.
export const POSTGRES_POLL_MS = 2000;
const CHANNEL = 'masthead_content';
const MAX_RETRY_MS = 5000;

export function postgresWatchChanges(connectionString: string, onSignal: ChangeSignal, log?: ChangeWatchLog): ChangeWatch {
  let stopped = false;
  let client: pg.Client | null = null;
  let retryMs = 250;
  let retry: NodeJS.Timeout | null = null;
  let failing = false;

  const reconnectLater = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  const connect = async () => {
    const listener = new pg.Client({ connectionString, application_name: 'masthead-listen' });
    listener.on('notification', () => onSignal({ changed: true, checkedAt: Date.now() }));
    listener.on('error', () => undefined);
    listener.on('end', () => {
      // Only an established listener reconnects here; a failed connect does so below.
      if (client !== listener) return;
      client = null;
      if (!stopped) {
        if (!failing) log?.warn('content changes: the listening connection closed; reconnecting');
        failing = true;
        reconnectLater();
      }
    });
    try {
      await listener.connect();
      await listener.query(`LISTEN ${CHANNEL}`);
      if (stopped) return void (await listener.end());
      client = listener;
      retryMs = 250;
      if (failing) log?.info('content changes: listening again');
      failing = false;
      // Whatever was committed while nobody listened.
      onSignal({ changed: true, checkedAt: Date.now() });
    } catch (error) {
      if (!failing) log?.warn(`content changes: cannot listen (${(error as Error).message}); retrying`);
      failing = true;
      await listener.end().catch(() => undefined);
      reconnectLater();
    }
  };

  void connect();
  const poll = everyInterval(POSTGRES_POLL_MS, async () => onSignal({ changed: true, checkedAt: Date.now() }));
  return {
    boundMs: POSTGRES_POLL_MS,
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await poll.stop();
      await client?.end().catch(() => undefined);
    },
  };
}
