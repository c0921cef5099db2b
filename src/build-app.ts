import fastifyStatic from '@fastify/static';
import underPressure from '@fastify/under-pressure';
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
  /** The newsroom at /admin; absent in reader-only test apps. */
  newsroom?: Omit<NewsroomDeps, 'db' | 'dialect' | 'siteUrl' | 'mediaDir'>;
  /** Shared with the mail provider that posts bounces and complaints; unset, /newsletter/events does not exist. */
  newsletterEventsSecret?: string | null;
}

/** Longer request targets get 414 before any routing work (RFC 9110 §15.5.15). */
export const MAX_URL_LENGTH = 2048;
const IMMUTABLE = 'public, max-age=31536000, immutable';

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.logLevel ?? 'info' },
    routerOptions: { maxParamLength: 300 },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // Per-request access logs belong to the proxy in front; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });

  // Overload answers 503 with Retry-After and the process recovers by itself once the
  // event loop catches up (SECURITY.md, reliability promise 8).
  await app.register(underPressure, {
    maxEventLoopDelay: deps.maxEventLoopDelayMs ?? 1000,
    // Not shorter: a sample window in which the loop never turned reads as infinite
    // delay, so a busy-but-healthy 100 ms under full load would be shed as overload.
    sampleInterval: 1000,
    retryAfter: 5,
    pressureHandler: (_request, reply) => {
      reply
        .code(503)
        .header('Retry-After', '5')
        .header('Cache-Control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('The site is busy. Please try again in a few seconds.');
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    setCommonHeaders(reply, deps.siteUrl);
    if (request.raw.url && request.raw.url.length > MAX_URL_LENGTH) {
      return app.sendErrorPage(reply.code(414), 414, 'Address too long', 'That web address is longer than this site accepts.');
    }
  });

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

  // Set before any plugin registers, so every route context inherits it.
  app.setErrorHandler(async (error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
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
  if (deps.newsroom) {
    await registerNewsroomRoutes(app, {
      ...deps.newsroom,
      db: deps.db,
      dialect: deps.dialect,
      siteUrl: deps.siteUrl,
      mediaDir: deps.mediaDir,
    });
    await registerNewsletterRoutes(app, {
      db: deps.db,
      siteUrl: deps.siteUrl,
      assets: deps.assets,
      mailer: deps.newsroom.mailer,
      secretKey: deps.newsroom.secretKey,
    });
    registerApiRoutes(app, {
      db: deps.db,
      dialect: deps.dialect,
      siteUrl: deps.siteUrl,
      mediaDir: deps.mediaDir,
      secretKey: deps.newsroom.secretKey,
      events: deps.newsroom.events,
    });
  }
  await registerMailEventRoutes(app, { db: deps.db, secret: deps.newsletterEventsSecret ?? null });

  return app;
}
