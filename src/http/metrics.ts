import { createHash, timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jobQueueReading } from '../store/jobs/job-repository.js';
import { pendingMigrations } from '../store/migrate.js';
import { sendingIssuesProgress } from '../store/newsletter/delivery-repository.js';
import type { Db, PoolUse } from '../store/store.js';
import { CounterVec, HistogramVec, counter, gauge, writeExposition, type Family } from './metrics-text.js';
import type { OverloadGuard } from './overload-guard.js';
import { pageCacheLookups } from './page-cache.js';

// What an operator watches (docs/operations.md): /metrics in the Prometheus text format,
// only when METRICS_TOKEN is set and only for that bearer token; and /readyz, which says
// whether this process can serve (the database answers, every migration is applied).
// Both are answered by the app itself, never cached, never shed as overload.

export interface OperationsDeps {
  db: Db;
  /** METRICS_TOKEN; null: /metrics does not exist (404). */
  metricsToken: string | null;
  /** The database's connection pool now; null where the engine has none. */
  poolUse?: () => PoolUse | null;
  overload: OverloadGuard;
}

/** Seconds; a page from the cache takes well under 5 ms, a slow search several seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** How long /readyz waits for the database before it says it does not answer. */
const READY_TIMEOUT_MS = 2000;
const NO_STORE = 'no-store';

/**
 * Counts every answer by route pattern (never the raw URL: ids and query strings would
 * make a series per reader) and status, and times it. Added before any route, so every
 * scope inherits it.
 */
export function trackRequests(app: FastifyInstance): { families(): Family[] } {
  const requests = new CounterVec('masthead_http_requests_total', 'Requests answered, by method, route pattern and status.');
  const durations = new HistogramVec(
    'masthead_http_request_duration_seconds',
    'Time from the request arriving to its answer being sent, by method and route pattern.',
    LATENCY_BUCKETS,
  );
  app.addHook('onResponse', async (request, reply) => {
    const method = METHODS.has(request.method) ? request.method : 'OTHER';
    // Unmatched requests (404s, probes) share one series whatever they asked for.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method, route, status: String(reply.statusCode) });
    durations.observe({ method, route }, reply.elapsedTime / 1000);
  });
  return { families: () => [requests.family(), durations.family()] };
}

/** One delay histogram per process, reset at each scrape: each scrape reports the interval since the last. */
let loopDelay: IntervalHistogram | null = null;
function eventLoopDelay(): IntervalHistogram {
  if (!loopDelay) {
    loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
  }
  return loopDelay;
}

function tokenMatches(given: string, expected: string): boolean {
  // Digests first: equal lengths for timingSafeEqual, and no early exit on the length.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerOf(request: FastifyRequest): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  return match ? match[1]! : null;
}

async function storeFamilies(deps: OperationsDeps): Promise<Family[]> {
  const [queue, sends] = await Promise.all([jobQueueReading(deps.db), sendingIssuesProgress(deps.db)]);
  return [
    gauge('masthead_jobs', 'Jobs in the durable queue, by state (due: queued and past its time).', [
      { labels: { state: 'due' }, value: queue.due },
      { labels: { state: 'scheduled' }, value: queue.scheduled },
      { labels: { state: 'running' }, value: queue.running },
    ]),
    gauge('masthead_jobs_oldest_due_age_seconds', 'How long the oldest due job has waited past its time (0 when none is due).', [
      { value: queue.oldestDueSeconds },
    ]),
    gauge(
      'masthead_newsletter_send_deliveries',
      'Deliveries of each issue being sent, by state (pending: queued or in flight; failed: failed, bounced or uncertain).',
      sends.flatMap(({ issueId, counts }) => {
        const issue = String(issueId);
        return [
          { labels: { issue, state: 'sent' }, value: counts.sent },
          { labels: { issue, state: 'pending' }, value: counts.queued + counts.sending },
          { labels: { issue, state: 'failed' }, value: counts.failed + counts.bounced + counts.uncertain },
          { labels: { issue, state: 'skipped' }, value: counts.skipped },
        ];
      }),
    ),
  ];
}

function processFamilies(deps: OperationsDeps): Family[] {
  const histogram = eventLoopDelay();
  const seconds = (nanoseconds: number) => (Number.isFinite(nanoseconds) ? nanoseconds / 1e9 : 0);
  const delay = gauge(
    'masthead_event_loop_delay_seconds',
    'Event-loop delay since the previous scrape (perf_hooks.monitorEventLoopDelay, 10 ms resolution), by quantile.',
    [0.5, 0.9, 0.99].map((quantile) => ({ labels: { quantile: String(quantile) }, value: seconds(histogram.percentile(quantile * 100)) })),
  );
  const delayMax = gauge('masthead_event_loop_delay_max_seconds', 'Longest event-loop delay since the previous scrape.', [
    { value: seconds(histogram.max) },
  ]);
  // What OVERLOAD_MAX_EVENT_LOOP_DELAY_MS is compared with (over 1 s samples there).
  const delayMean = gauge('masthead_event_loop_delay_mean_seconds', 'Mean event-loop delay since the previous scrape.', [
    { value: seconds(histogram.mean) },
  ]);
  histogram.reset();
  const memory = process.memoryUsage();
  const families = [
    delay,
    delayMean,
    delayMax,
    gauge('masthead_process_resident_memory_bytes', 'Resident set size of this process.', [{ value: memory.rss }]),
    gauge('masthead_process_heap_used_bytes', 'V8 heap in use.', [{ value: memory.heapUsed }]),
    gauge('masthead_http_requests_in_flight', 'Requests being answered now (counted when OVERLOAD_MAX_IN_FLIGHT is set, else 0).', [
      { value: deps.overload.inFlight() },
    ]),
    counter('masthead_http_requests_shed_total', 'Requests answered 503 by the overload guard, by trigger.', [
      { labels: { trigger: 'event_loop_delay' }, value: deps.overload.shed.eventLoopDelay },
      { labels: { trigger: 'in_flight' }, value: deps.overload.shed.inFlight },
    ]),
    counter(
      'masthead_page_cache_lookups_total',
      'Rendered-page cache lookups in this process, by cache and outcome (stale: an old copy served while it is rendered again).',
      [...pageCacheLookups].flatMap(([cache, counts]) =>
        (['hit', 'stale', 'miss'] as const).map((outcome) => ({ labels: { cache, outcome }, value: counts[outcome] })),
      ),
    ),
  ];
  const pool = deps.poolUse?.();
  if (pool) {
    families.push(
      gauge('masthead_db_pool_connections', 'Connections of the database pool, by state (busy = total - idle).', [
        { labels: { state: 'total' }, value: pool.total },
        { labels: { state: 'idle' }, value: pool.idle },
        { labels: { state: 'busy' }, value: pool.total - pool.idle },
        { labels: { state: 'max' }, value: pool.max },
      ]),
      gauge('masthead_db_pool_waiting', 'Queries waiting for a free pool connection.', [{ value: pool.waiting }]),
    );
  }
  return families;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** /readyz: 200 once the database answers and every migration this build knows is applied. */
async function readiness(deps: OperationsDeps, request: FastifyRequest, reply: FastifyReply) {
  reply.header('Cache-Control', NO_STORE);
  let pending: string[];
  try {
    pending = await withTimeout(pendingMigrations(deps.db), READY_TIMEOUT_MS);
  } catch (error) {
    request.log.warn({ err: error }, 'readiness check cannot read the database');
    return reply.code(503).header('Retry-After', '5').send({ status: 'unavailable', reason: 'The database does not answer.' });
  }
  if (pending.length > 0) {
    return reply
      .code(503)
      .header('Retry-After', '5')
      .send({ status: 'unavailable', reason: `Migrations not applied: ${pending.join(', ')}. Run \`masthead migrate\`.` });
  }
  return reply.send({ status: 'ready' });
}

export function registerOperationsRoutes(app: FastifyInstance, deps: OperationsDeps, requestMetrics: { families(): Family[] }): void {
  app.get('/readyz', (request, reply) => readiness(deps, request, reply));

  const token = deps.metricsToken;
  // Unset, the route does not exist: /metrics is a 404 like any unknown page.
  if (token === null) return;
  eventLoopDelay();
  app.get('/metrics', async (request, reply) => {
    reply.header('Cache-Control', NO_STORE);
    const given = bearerOf(request);
    if (given === null || !tokenMatches(given, token)) {
      return reply
        .code(401)
        .header('WWW-Authenticate', 'Bearer realm="metrics"')
        .type('text/plain; charset=utf-8')
        .send('A valid METRICS_TOKEN is needed as a bearer token.');
    }
    // Read before waiting on the database, so they describe the moment the scrape came in.
    const fromProcess = [...requestMetrics.families(), ...processFamilies(deps)];
    let fromStore: Family[];
    let databaseUp = 1;
    try {
      fromStore = await withTimeout(storeFamilies(deps), READY_TIMEOUT_MS);
    } catch (error) {
      // The process's own figures still help most when the database is what went wrong.
      request.log.warn({ err: error }, 'metrics cannot read the database');
      fromStore = [];
      databaseUp = 0;
    }
    const families = [
      ...fromProcess,
      gauge('masthead_database_up', 'Whether the database answered this scrape (1) or not (0).', [{ value: databaseUp }]),
      ...fromStore,
    ];
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(writeExposition(families));
  });
}
