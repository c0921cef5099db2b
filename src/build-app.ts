import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { AssetsView } from './render/html/view-model.js';
import type { NewsroomDeps } from './newsroom/newsroom-app.js';
import { registerNewsroomRoutes } from './newsroom/newsroom-routes.js';
import { registerApiRoutes } from './api/api-routes.js';
import { registerMailEventRoutes } from './api/mail-events-routes.js';
import { registerNewsletterRoutes } from './site/newsletter-routes.js';
import { registerSiteRoutes, type SiteOptions } from './site/site-routes.js';
import { contentVersion } from './store/publication/content-changes.js';
import type { Db, DialectOperations } from './store/store.js';
import { ASSETS_DIR } from './http/assets-manifest.js';
import { setCommonHeaders } from './http/security-headers.js';
import { fastifyTrustProxy, type TrustProxy } from './http/trusted-proxy.js';
import { registerOperationsRoutes, trackRequests } from './http/metrics.js';
import { registerOverloadGuard } from './http/overload-guard.js';
import { OVERLOAD_DEFAULTS, type OverloadSettings } from './http/overload-settings.js';
import { isDatabaseUnavailable } from './store/database-unavailable.js';
import type { PoolUse } from './store/store.js';
import { DEFAULT_HTTP_TIMEOUTS, serverWithTimeouts, type HttpTimeouts } from './http/server-timeouts.js';
import type { MediaLimits } from './media/media-limits.js';
import { installAuditOrigin } from './audit/request-origin.js';
import { withFailureLog } from './mail/mail-failures.js';
import { LIVE_STREAM_DEFAULT_MAX_CONNECTIONS } from './live/live-hub.js';
import { registerLiveStream } from './live/live-stream.js';

// Builds the whole HTTP app without listening, so tests can inject requests and main.ts
// can listen. Transport only: every decision lives in site/ and the layers below.

export interface AppDeps {
  db: Db;
  /**
   * Where reader pages read (DATABASE_REPLICA_URL, falling back to the primary); `db` when
   * absent. The change log is read there too, so a page is re-rendered only once the
   * replica holds the change.
   */
  readerDb?: Db;
  /** The store's engine-specific operations (full-text search), from the same store as `db`. */
  dialect: DialectOperations;
  siteUrl: string;
  mediaDir: string;
  assets: AssetsView;
  assetsDir?: string;
  logLevel?: string;
  /** Bytes of rendered pages kept in memory (default 32 MB). */
  pageCacheBytes?: number;
  /** Told of every content change this process learns of (main.ts sends CDN purges from it). */
  onContentChanges?: SiteOptions['onContentChanges'];
  /** Event-loop delay (ms) above which requests get 503 instead of queueing forever. */
  maxEventLoopDelayMs?: number;
  /** Requests in flight above which new ones get 503 (0: no cap); OVERLOAD_MAX_IN_FLIGHT. */
  maxInFlight?: number;
  /** METRICS_TOKEN: /metrics answers to it as a bearer token; unset or null, /metrics is 404. */
  metricsToken?: string | null;
  /** The database pool now, for /metrics (store.poolUse). */
  poolUse?: () => PoolUse | null;
  /** The newsroom at /admin; absent in reader-only test apps. */
  newsroom?: Omit<NewsroomDeps, 'db' | 'dialect' | 'siteUrl' | 'mediaDir'>;
  /** Shared with the mail provider that posts bounces and complaints; unset, /newsletter/events does not exist. */
  newsletterEventsSecret?: string | null;
  /** TRUST_PROXY: which proxies may name the client in X-Forwarded-For (default: none). */
  trustProxy?: TrustProxy;
  /** Header, whole-request and keep-alive deadlines for slow clients (defaults in http/server-timeouts.ts). */
  httpTimeouts?: HttpTimeouts;
  /** Upload size, pixel limit and temp folder for uploads (defaults in media/media-limits.ts). */
  mediaLimits?: MediaLimits;
  /** Live coverage's stream readers this process holds (LIVE_STREAM_MAX_CONNECTIONS; default in live/live-hub.ts). */
  liveStreamMaxConnections?: number;
  /** Test-only: seconds between a live stream's heartbeats (25 s). */
  liveStreamHeartbeatMs?: number;
}

/** Longer request targets get 414 before any routing work (RFC 9110 §15.5.15). */
export const MAX_URL_LENGTH = 2048;
const IMMUTABLE = 'public, max-age=31536000, immutable';

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.logLevel ?? 'info' },
    routerOptions: { maxParamLength: 300 },
    bodyLimit: 1024 * 1024,
    // request.ip is the client every per-address limit counts: the forwarded one only behind trusted proxies.
    ...(deps.trustProxy && { trustProxy: fastifyTrustProxy(deps.trustProxy) }),
    // Slow clients are cut off by the server's own deadlines (408, then closed).
    serverFactory: serverWithTimeouts(deps.httpTimeouts ?? DEFAULT_HTTP_TIMEOUTS),
    return503OnClosing: true,
    // Per-request access logs belong to the proxy in front; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });

  // Counted from the first hook on, so shed requests show up in /metrics too.
  const requestMetrics = trackRequests(app);
  // Overload answers 503 with Retry-After and the process recovers by itself once the
  // load falls (SECURITY.md, reliability promise 8; http/overload-guard.ts).
  const overload: OverloadSettings = {
    maxEventLoopDelayMs: deps.maxEventLoopDelayMs ?? OVERLOAD_DEFAULTS.maxEventLoopDelayMs,
    maxInFlight: deps.maxInFlight ?? OVERLOAD_DEFAULTS.maxInFlight,
  };
  const overloadGuard = await registerOverloadGuard(app, overload);

  app.addHook('onRequest', async (request, reply) => {
    setCommonHeaders(reply, deps.siteUrl);
    if (request.raw.url && request.raw.url.length > MAX_URL_LENGTH) {
      return app.sendErrorPage(reply.code(414), 414, 'Address too long', 'That web address is longer than this site accepts.');
    }
  });

  // Every handler runs inside its request's audit origin: door, client address, caller.
  installAuditOrigin(app);

  await app.register(fastifyStatic, {
    root: deps.assetsDir ?? ASSETS_DIR,
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    cacheControl: false,
    etag: false,
    lastModified: false,
    preCompressed: true,
    setHeaders: (res) => {
      res.setHeader('Cache-Control', IMMUTABLE);
    },
  });
  // Media file names are server-made and never reused, so they are cached forever too.
  // Originals keep their EXIF (GPS included) and are never served: readers get the
  // variants, which are re-encoded without it.
  await app.register(fastifyStatic, {
    root: deps.mediaDir,
    prefix: '/media/',
    decorateReply: false,
    index: false,
    cacheControl: false,
    allowedPath: (pathName) => !pathName.includes('.orig.'),
    setHeaders: (res) => {
      res.setHeader('Cache-Control', IMMUTABLE);
    },
  });

  app.get('/healthz', async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    try {
      await contentVersion(deps.db);
      return reply.send({ status: 'ok' });
    } catch (error) {
      request.log.error({ err: error }, 'health check cannot read the database');
      return reply
        .code(503)
        .header('Retry-After', '5')
        .send({ error: { code: 'DATABASE_UNAVAILABLE', message: 'The database cannot be read.' } });
    }
  });

  registerOperationsRoutes(
    app,
    { db: deps.db, metricsToken: deps.metricsToken ?? null, overload: overloadGuard, ...(deps.poolUse && { poolUse: deps.poolUse }) },
    requestMetrics,
  );

  // Set before any plugin registers, so every route context inherits it.
  app.setErrorHandler(async (error, request, reply) => {
    // A restarting or unreachable database: fail fast, and tell the client to come back.
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'the database is unavailable');
      reply.header('Retry-After', '5');
      return app.sendErrorPage(
        reply,
        503,
        'Unavailable',
        'The site cannot reach its database just now. Please try again in a few seconds.',
      );
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    // A refusal that names its own page (newsroom/newsroom-uploads.ts: too large, no room), logged where it is made.
    const page = (error as { page?: { title: string; message: string } }).page;
    if (page) return app.sendErrorPage(reply, status, page.title, page.message);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (status === 413)
      return app.sendErrorPage(reply, 413, 'Too large', 'The upload is larger than this site accepts (20 MB for images).');
    if (status < 500 && status >= 400) {
      return app.sendErrorPage(reply, status, 'Bad request', 'The request could not be understood.');
    }
    return app.sendErrorPage(reply, 500, 'Something went wrong', 'We could not show this page just now. Please try again in a moment.');
  });
  registerSiteRoutes(app, {
    db: deps.db,
    ...(deps.readerDb && { readerDb: deps.readerDb }),
    dialect: deps.dialect,
    siteUrl: deps.siteUrl,
    assets: deps.assets,
    ...(deps.pageCacheBytes !== undefined && { pageCache: { maxBytes: deps.pageCacheBytes } }),
    ...(deps.onContentChanges && { onContentChanges: deps.onContentChanges }),
  });
  // Live coverage pushed to readers (Server-Sent Events), fed by the same change log as the page cache.
  registerLiveStream(app, {
    db: deps.readerDb ?? deps.db,
    siteUrl: deps.siteUrl,
    maxConnections: deps.liveStreamMaxConnections ?? LIVE_STREAM_DEFAULT_MAX_CONNECTIONS,
    ...(deps.liveStreamHeartbeatMs !== undefined && { heartbeatMs: deps.liveStreamHeartbeatMs }),
  });
  if (deps.newsroom) {
    // Failed account mail is recorded for the newsroom's "Mail problems" list (mail/mail-failures.ts).
    const mailer = withFailureLog(deps.newsroom.mailer, deps.db, app.log);
    await registerNewsroomRoutes(app, {
      ...deps.newsroom,
      mailer,
      db: deps.db,
      dialect: deps.dialect,
      siteUrl: deps.siteUrl,
      mediaDir: deps.mediaDir,
      ...(deps.mediaLimits && { mediaLimits: deps.mediaLimits }),
    });
    await registerNewsletterRoutes(app, {
      db: deps.db,
      siteUrl: deps.siteUrl,
      assets: deps.assets,
      mailer,
      secretKey: deps.newsroom.secretKey,
    });
    registerApiRoutes(app, {
      db: deps.db,
      dialect: deps.dialect,
      siteUrl: deps.siteUrl,
      mediaDir: deps.mediaDir,
      ...(deps.mediaLimits && { mediaLimits: deps.mediaLimits }),
      secretKey: deps.newsroom.secretKey,
      events: deps.newsroom.events,
    });
  }
  await registerMailEventRoutes(app, { db: deps.db, secret: deps.newsletterEventsSecret ?? null });

  return app;
}
