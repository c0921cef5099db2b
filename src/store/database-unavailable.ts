// Whether an error means "the database cannot be reached just now" (restarting, refusing
// connections, a dropped connection, too busy) rather than "this query is wrong". Callers
// answer the first with 503 and Retry-After: the request may be repeated once the database
// is back, and nothing in it was at fault. Lives in store/ because it names the engines'
// own error codes, which nothing above the store may know.

/** PostgreSQL SQLSTATEs: class 08 (connection exception) is matched by prefix. */
const POSTGRES_UNAVAILABLE = new Set([
  '57P01', // admin_shutdown: the server is stopping (pg_ctl stop/restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
]);

/** Socket errors from the driver's connection. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/** SQLite: the busy timeout ran out behind another writer. */
const SQLITE_UNAVAILABLE = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY']);

/** node-postgres reports a connection that died mid-query, or a pool that waited too long, by message only. */
const POSTGRES_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Client was closed and is not queryable/,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, message, errors } = current as { code?: unknown; message?: unknown; errors?: unknown };
    if (typeof code === 'string') {
      if (POSTGRES_UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code) || NETWORK.has(code) || SQLITE_UNAVAILABLE.has(code)) return true;
    }
    if (typeof message === 'string' && POSTGRES_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // net.connect to a host with several addresses fails with an AggregateError of each attempt.
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
