import http from 'node:http';

// How long a client may hold a connection without finishing what it is sending. A body
// trickled one byte every few seconds, or headers that never end, would otherwise hold a
// socket (and whatever the route buffered) for ever. Settings in docs/limits.md.

export interface HttpTimeouts {
  /** Until the request headers are complete (HTTP_HEADERS_TIMEOUT_S): 408, then closed. */
  headersTimeoutMs: number;
  /** Until the whole request, body included, is received (HTTP_REQUEST_TIMEOUT_S): 408, then closed. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (HTTP_KEEP_ALIVE_TIMEOUT_S). */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersTimeoutMs: 20_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000 };

/**
 * Node checks the header and request deadlines on a timer, every 30 s by default, so a
 * 60 s bound could stretch to 90 s (and a 2 s one to 30 s). A quarter of the shortest
 * bound keeps the overshoot small; the check walks the open connections, which is cheap.
 */
export function checkingIntervalMs(timeouts: HttpTimeouts): number {
  return Math.min(30_000, Math.max(250, Math.floor(Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) / 4)));
}

/**
 * The server with its deadlines set at creation. Fastify's own `requestTimeout` is
 * applied after the server exists and did not cut a trickled body on Node 20.20; the
 * constructor options do.
 */
export function serverWithTimeouts(timeouts: HttpTimeouts): (handler: http.RequestListener) => http.Server {
  return (handler) => {
    const server = http.createServer(
      {
        headersTimeout: timeouts.headersTimeoutMs,
        requestTimeout: timeouts.requestTimeoutMs,
        keepAliveTimeout: timeouts.keepAliveTimeoutMs,
        connectionsCheckingInterval: checkingIntervalMs(timeouts),
      },
      handler,
    );
    return server;
  };
}
