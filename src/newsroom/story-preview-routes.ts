import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { storyFor } from '../editorial/editorial-context.js';
import { NewsroomError } from '../editorial/newsroom-error.js';
import { contentSecurityPolicy } from '../http/security-headers.js';
import { registerRoutes, type RouteTable } from '../http/route-table.js';
import { StoryPreviewPage, type PreviewWidth } from '../render/newsroom/story-preview-page.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// The editor's preview (issue 13, "preview like the reader sees it"): a newsroom page
// framing the story's last saved version, rendered by the reader site's own page code
// (the same render as the private preview link, preview-routes.ts). Only someone who may
// see the story gets either; the frame may be framed by the newsroom and nobody else.

const storyId = (request: FastifyRequest): number => {
  const raw = (request.params as { id: string }).id;
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
};

async function refused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (!(error instanceof NewsroomError)) throw error;
  return request.server.sendErrorPage(reply, error.status, error.status === 404 ? 'Story not found' : 'Not allowed', error.message);
}

async function previewPage(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply) {
  try {
    const story = await storyFor(deps, actorOf(request.staff!), storyId(request));
    const width: PreviewWidth = (request.query as { width?: unknown }).width === 'phone' ? 'phone' : 'desktop';
    return sendNewsroomPage(deps, request, reply, StoryPreviewPage, { view: { id: story.id, title: story.title, width } });
  } catch (error) {
    return refused(request, reply, error);
  }
}

async function previewFrame(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply) {
  try {
    const story = await storyFor(deps, actorOf(request.staff!), storyId(request));
    const page = await request.server.renderArticlePreview(story.id);
    if (!page) return request.server.sendErrorPage(reply, 404, 'Story not found', 'This story cannot be previewed.');
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'private, no-store')
      .header('X-Robots-Tag', 'noindex, nofollow')
      .header('Content-Security-Policy', contentSecurityPolicy(page.nonce, { framedBySelf: true }))
      .send(page.html);
  } catch (error) {
    return refused(request, reply, error);
  }
}

const STORY_PREVIEW_ROUTES: RouteTable<NewsroomDeps> = [
  { method: 'GET', url: '/admin/stories/:id/preview', handler: previewPage },
  { method: 'GET', url: '/admin/stories/:id/preview/frame', handler: previewFrame },
];

export function registerStoryPreviewRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, deps, STORY_PREVIEW_ROUTES);
}
