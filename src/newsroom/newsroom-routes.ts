import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenMatches, sameOrigin } from '../auth/csrf.js';
import { readSession } from '../auth/sessions.js';
import { registerAuditRoutes } from './audit-routes.js';
import { registerAuthRoutes } from './auth-routes.js';
import type { NewsroomDeps } from './newsroom-app.js';
import { registerIssueRoutes } from './issue-routes.js';
import { registerMailProblemsRoutes } from './mail-problems-routes.js';
import { registerMediaRoutes } from './media-routes.js';
import { registerEditorUploadRoutes } from './editor-upload-routes.js';
import { registerPresenceRoutes } from './presence-routes.js';
import { registerStoryPreviewRoutes } from './story-preview-routes.js';
import { registerNewsletterRoutes } from './newsletter-routes.js';
import { registerImportRoutes } from './import-routes.js';
import { registerOutboxRoutes } from './outbox-routes.js';
import { registerPageRoutes } from './page-routes.js';
import { registerPickerRoutes } from './picker-routes.js';
import { registerPreviewRoutes } from './preview-routes.js';
import { registerRedirectRoutes } from './redirect-routes.js';
import { registerRevisionRoutes } from './revision-routes.js';
import { registerStoryRoutes } from './story-routes.js';
import { registerLiveRoutes } from './live-routes.js';
import { registerSettingsRoutes } from './settings-routes.js';
import { registerStaffRoutes } from './staff-routes.js';
import { registerSubscriberRoutes } from './subscriber-routes.js';
import { registerTaxonomyRoutes } from './taxonomy-routes.js';
import { registerTwoFactorRoutes, SECOND_STEP_PATH } from './two-factor-routes.js';
import { clearSessionCookie, sessionToken } from './staff-session.js';

// The newsroom at /admin. Every request: no caching anywhere, the session read from its
// cookie, and for every unsafe method the site's own Origin plus (once signed in) the
// session's CSRF token. Pages outside the sign-in set need a session.

const PUBLIC_PATHS = new Set(['/admin/login', SECOND_STEP_PATH, '/admin/setup', '/admin/reset', '/admin/reset/confirm']);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isPublic(path: string): boolean {
  return PUBLIC_PATHS.has(path) || path.startsWith('/admin/preview/');
}

export async function registerNewsroomRoutes(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  await app.register(async (newsroom) => {
    await newsroom.register(cookie);
    await newsroom.register(formbody, { bodyLimit: 2 * 1024 * 1024 });
    newsroom.decorateRequest('staff', null);

    newsroom.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      reply.header('Cache-Control', 'private, no-store');
      const token = sessionToken(request, deps.siteUrl);
      request.staff = token ? await readSession(deps.db, token, new Date()) : null;
      if (token && !request.staff) clearSessionCookie(reply, deps.siteUrl);
    });

    newsroom.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0] ?? '';
      if (UNSAFE.has(request.method)) {
        if (!sameOrigin(deps.siteUrl, request.headers.origin, request.headers.referer)) {
          return app.sendErrorPage(reply.code(403), 403, 'Request refused', 'This form must be sent from the newsroom itself.');
        }
        if (request.staff && !(path === '/admin/login')) {
          const body = (request.body ?? {}) as Record<string, unknown>;
          // Multipart fields arrive as { value } objects.
          const field = body._csrf as { value?: unknown } | string | undefined;
          const presented = request.headers['x-csrf-token'] ?? (typeof field === 'object' && field !== null ? field.value : field);
          if (!csrfTokenMatches(deps.secretKey, request.staff.sessionHash, presented)) {
            return app.sendErrorPage(
              reply.code(403),
              403,
              'Request refused',
              'The form had expired or did not come from this newsroom. Reload the page and try again.',
            );
          }
        }
      }
      if (!request.staff && !isPublic(path)) {
        if (request.method === 'GET') return reply.redirect(`/admin/login?redirect=${encodeURIComponent(request.url)}`, 303);
        return app.sendErrorPage(reply.code(401), 401, 'Signed out', 'Your session has ended. Sign in again; nothing was saved.');
      }
    });

    registerAuthRoutes(newsroom, deps);
    // Before the other screens: its gate keeps a person who must enrol on the enrolment page.
    registerTwoFactorRoutes(newsroom, deps);
    registerStoryRoutes(newsroom, deps);
    registerLiveRoutes(newsroom, deps);
    registerPreviewRoutes(newsroom, deps);
    registerRevisionRoutes(newsroom, deps);
    await registerMediaRoutes(newsroom, deps);
    // The story editor's own requests (issue 13): upload from the body, soft lock, preview.
    registerEditorUploadRoutes(newsroom, deps);
    registerPresenceRoutes(newsroom, deps);
    registerStoryPreviewRoutes(newsroom, deps);
    registerTaxonomyRoutes(newsroom, deps);
    registerPickerRoutes(newsroom, deps);
    registerRedirectRoutes(newsroom, deps);
    registerPageRoutes(newsroom, deps);
    registerImportRoutes(newsroom, deps);
    registerStaffRoutes(newsroom, deps);
    registerSettingsRoutes(newsroom, deps);
    registerSubscriberRoutes(newsroom, deps);
    registerNewsletterRoutes(newsroom, deps);
    registerIssueRoutes(newsroom, deps);
    registerOutboxRoutes(newsroom, deps);
    registerMailProblemsRoutes(newsroom, deps);
    registerAuditRoutes(newsroom, deps);
  });
}
