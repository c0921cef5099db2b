import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StoryEventSink } from '../editorial/story-events.js';
import type { MediaLimits } from '../media/media-limits.js';
import type { Db, DialectOperations } from '../store/store.js';
import { registerAdminArticleRoutes } from './admin-article-routes.js';
import { registerAdminLibraryRoutes, UPLOAD_LIMITS } from './admin-library-routes.js';
import { noteApiCaller } from '../audit/request-origin.js';
import { authenticateAdmin, authenticateContent, type Principal } from './api-auth.js';
import type { ApiContext } from './api-context.js';
import { ApiError, sendApiError, toApiError } from './api-errors.js';
import { registerContentRoutes } from './content-routes.js';

// Everything under /api (SPEC §7), in its own Fastify scope: JSON errors instead of the
// site's error pages, auth before any body is read, and the multipart parser only here.

export interface ApiDeps {
  db: Db;
  siteUrl: string;
  mediaDir: string;
  /** Upload size and pixel limits; the defaults when absent. */
  mediaLimits?: MediaLimits;
  /** Signs CSRF tokens (SECRET_KEY); needed for staff-session calls to /api/admin. */
  secretKey: string;
  /** Jobs and webhooks on publish/update/unpublish (editorial/story-events.ts). */
  events: StoryEventSink;
  /** The store's engine-specific operations (full-text search), from the same store as `db`. */
  dialect: DialectOperations;
}

/**
 * Queues the /api scope; Fastify loads it at ready(). Not awaited on purpose: awaiting a
 * register mid-build would load the routes queued before it at that moment, before the
 * app's own error handler is set, and those routes would keep Fastify's default one.
 */
export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const principals = new WeakMap<FastifyRequest, Principal>();
  const ctx: ApiContext = {
    db: deps.db,
    siteUrl: deps.siteUrl,
    mediaDir: deps.mediaDir,
    ...(deps.mediaLimits && { mediaLimits: deps.mediaLimits }),
    events: deps.events,
    dialect: deps.dialect,
    principal: (request) => {
      const principal = principals.get(request);
      if (!principal) throw new ApiError(401, 'UNAUTHORIZED', 'Not authenticated.');
      return principal;
    },
  };
  // Built on the first request for it, not at start: converting every schema to JSON
  // Schema is work (and memory) that a server nobody asks for its API docs never needs.
  let document: Promise<string> | null = null;
  const apiDocument = () =>
    (document ??= import('./openapi.js').then(({ openApiDocument }) => JSON.stringify(openApiDocument(deps.siteUrl))));

  void app.register(
    async (api) => {
      api.setErrorHandler(async (error, request, reply) => {
        const { error: apiError, internal } = toApiError(error);
        if (internal) request.log.error({ err: error }, 'API request failed');
        return sendApiError(reply, apiError);
      });
      api.setNotFoundHandler(async (request, reply) =>
        sendApiError(
          reply,
          new ApiError(404, 'NOT_FOUND', `No API endpoint ${request.method} ${request.url.split('?')[0]}. See /api/docs.`),
        ),
      );

      for (const docPath of ['/docs', '/docs.json']) {
        api.get(docPath, async (_request, reply) =>
          reply
            .header('Cache-Control', 'public, max-age=300')
            .type('application/json; charset=utf-8')
            .send(await apiDocument()),
        );
      }

      await api.register(
        async (admin) => {
          await admin.register(multipart, { limits: UPLOAD_LIMITS, throwFileSizeLimit: true });
          admin.addHook('onRequest', async (request, reply) => {
            reply.header('Cache-Control', 'no-store');
            principals.set(request, noteApiCaller(request, await authenticateAdmin(request, deps, new Date())));
          });
          registerAdminArticleRoutes(admin, ctx);
          registerAdminLibraryRoutes(admin, ctx);
        },
        { prefix: '/admin' },
      );

      await api.register(
        async (content) => {
          content.addHook('onRequest', async (request) => {
            principals.set(request, await authenticateContent(request, deps, new Date()));
          });
          registerContentRoutes(content, ctx);
        },
        { prefix: '/content' },
      );
    },
    { prefix: '/api' },
  );
}
