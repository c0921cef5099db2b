import type { FastifyInstance } from 'fastify';
import { hashToken } from '../auth/tokens.js';
import { contentSecurityPolicy } from '../http/security-headers.js';
import { peekToken } from '../store/access/token-repository.js';
import type { NewsroomDeps } from './newsroom-app.js';

// A private preview link (/admin/preview/TOKEN): anyone holding it sees the story as it
// will look, signed in or not, for seven days. Never cached and never indexed.

export function registerPreviewRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  app.get('/admin/preview/:token', async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const found = token.length <= 100 ? await peekToken(deps.db, hashToken(token), 'preview', new Date().toISOString()) : undefined;
    const page = found?.subject_id ? await app.renderArticlePreview(found.subject_id) : null;
    if (!page)
      return app.sendErrorPage(
        reply,
        404,
        'Preview not found',
        'This preview link has expired or is mistyped. Ask the newsroom for a new one.',
      );
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'private, no-store')
      .header('X-Robots-Tag', 'noindex, nofollow')
      .header('Content-Security-Policy', contentSecurityPolicy(page.nonce))
      .send(page.html);
  });
}
