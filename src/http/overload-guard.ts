import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OVERLOAD_RETRY_AFTER_S, type OverloadSettings } from './overload-settings.js';

// Overload answers 503 with Retry-After and the process recovers by itself once the load
// falls (SECURITY.md, reliability promise 8). Two triggers, either one sheds:
// - the event loop lags (under-pressure's mean delay over each 1 s sample), and
// - more requests are in flight than the cap (counted here): requests that pile up while
//   they wait on the database's network and pool, with the loop itself idle.
// /metrics is never shed, so an operator can watch an overload as it happens.

/** Routes the guard lets through whatever the load. */
const NEVER_SHED = new Set(['/metrics']);

function shed(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .header('Retry-After', String(OVERLOAD_RETRY_AFTER_S))
    .header('Cache-Control', 'no-store')
    .type('text/plain; charset=utf-8')
    .send('The site is busy. Please try again in a few seconds.');
}

const exempt = (request: FastifyRequest) => NEVER_SHED.has(request.routeOptions.url ?? '');
/**
 * Streams held open for as long as a reader stays (live coverage's Server-Sent Events,
 * route config `longLived`) are not "in flight" work: counted, a few idle readers would
 * shed every other request. They have their own cap (LIVE_STREAM_MAX_CONNECTIONS).
 */
const longLived = (request: FastifyRequest) => (request.routeOptions.config as { longLived?: boolean } | undefined)?.longLived === true;

export interface OverloadGuard {
  /** Requests being answered now (for /metrics). */
  inFlight(): number;
  /** Requests shed since start, by trigger (for /metrics). */
  shed: { eventLoopDelay: number; inFlight: number };
}

export async function registerOverloadGuard(app: FastifyInstance, settings: OverloadSettings): Promise<OverloadGuard> {
  const guard: OverloadGuard & { current: number } = {
    current: 0,
    inFlight: () => guard.current,
    shed: { eventLoopDelay: 0, inFlight: 0 },
  };

  await app.register(underPressure, {
    maxEventLoopDelay: settings.maxEventLoopDelayMs,
    // Not shorter: a sample window in which the loop never turned reads as infinite
    // delay, so a busy-but-healthy 100 ms under full load would be shed as overload.
    sampleInterval: 1000,
    retryAfter: OVERLOAD_RETRY_AFTER_S,
    pressureHandler: (request, reply) => {
      // Returning nothing lets the request through; exempt routes go on to their handler.
      if (exempt(request)) return;
      guard.shed.eventLoopDelay++;
      shed(reply);
    },
  });

  if (settings.maxInFlight > 0) {
    app.addHook('onRequest', async (request, reply) => {
      if (exempt(request)) return;
      if (guard.current >= settings.maxInFlight) {
        guard.shed.inFlight++;
        return shed(reply);
      }
      if (longLived(request)) return;
      guard.current++;
      // 'close' comes once per response, answered or abandoned by the client.
      reply.raw.once('close', () => {
        guard.current--;
      });
    });
  }
  return guard;
}
