import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../editorial/newsroom-error.js';
import { registerRoutes, type RouteTable } from '../http/route-table.js';
import { ApiError } from './api-errors.js';
import { findPublishedId, listPublishedIds, loadPublishedStories } from '../store/stories/published-stories.js';
import { listAuthorsWithImages, pageOfTags as listTags, sectionsInOrder as listSections } from '../store/taxonomy/taxonomy-pages.js';
import { ContentOneQuerySchema, ContentPageQuerySchema, ContentStoryQuerySchema, paging } from './api-input.js';
import { contentArticleJson, mediaJson, pageJson } from './api-views.js';
import type { ApiContext } from './api-context.js';
import { parseSearchQuery } from '../content/search-query.js';
import { searchArticles } from '../store/search/search-articles.js';

// /api/content: the read-only API for a publication's own apps and partners. Only what
// readers can see on the site; a draft is not found, by list or by slug.
//
// Caching: every answer carries a strong ETag (a hash of the exact bytes) and
// `Cache-Control: private, no-cache`. Private, because the request needs a key (which
// may sit in the URL as ?key=): a shared cache must never hand the answer to a caller
// without one. no-cache, because a story can change at any moment; a client revalidates
// with If-None-Match and gets a 304 with no body when nothing changed.

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

function sendCached(request: FastifyRequest, reply: FastifyReply, payload: unknown): FastifyReply {
  const body = JSON.stringify(payload);
  const etag = etagOf(body);
  reply.header('ETag', etag).header('Cache-Control', 'private, no-cache').header('Vary', 'Authorization');
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(body);
}

async function searchPublished(
  ctx: ApiContext,
  text: string,
  filters: { section?: string; tag?: string; author?: string },
  page: { limit: number; offset: number; now: string },
): Promise<{ ids: number[]; total: number }> {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) throw new ApiError(400, 'INVALID', `q: ${parsed.reason}`, [{ field: 'q', message: parsed.reason }]);
  const result = await searchArticles(ctx.db, ctx.dialect, {
    query: parsed.query,
    filters,
    visibility: { audience: 'readers', now: page.now },
    limit: page.limit,
    offset: page.offset,
  });
  return { ids: result.hits.map((hit) => hit.id), total: result.total };
}

async function listArticles(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  const query = ContentStoryQuerySchema.parse(request.query);
  const { page, perPage, offset } = paging(query);
  const now = new Date().toISOString();
  // With `q`, the site's full-text search ranks the stories (the same as /search).
  const { ids, total } = query.q
    ? await searchPublished(ctx, query.q, { section: query.section, tag: query.tag, author: query.author }, { limit: perPage, offset, now })
    : await listPublishedIds(ctx.db, {
        sectionSlug: query.section,
        tagSlug: query.tag,
        authorSlug: query.author,
        limit: perPage,
        offset,
        now,
      });
  const stories = await loadPublishedStories(ctx.db, ids, now, false);
  return sendCached(
    request,
    reply,
    pageJson(
      stories.map((s) => contentArticleJson(s, ctx.siteUrl, false)),
      page,
      perPage,
      total,
    ),
  );
}

async function showArticle(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  ContentOneQuerySchema.parse(request.query);
  const now = new Date().toISOString();
  const id = await findPublishedId(ctx.db, (request.params as { slug: string }).slug, now);
  const [story] = id === undefined ? [] : await loadPublishedStories(ctx.db, [id], now, true);
  if (!story) throw notFound('published story');
  return sendCached(request, reply, contentArticleJson(story, ctx.siteUrl, true));
}

async function listSectionsRoute(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  ContentOneQuerySchema.parse(request.query);
  const rows = await listSections(ctx.db);
  return sendCached(request, reply, {
    data: rows.map((s) => ({
      slug: s.slug,
      name: s.name,
      description: s.description,
      layout: s.layout,
      url: `${ctx.siteUrl}/section/${s.slug}`,
    })),
  });
}

async function listTagsRoute(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  const { page, perPage, offset } = paging(ContentPageQuerySchema.parse(request.query));
  const { rows, total } = await listTags(ctx.db, { limit: perPage, offset });
  return sendCached(
    request,
    reply,
    pageJson(
      rows.map((t) => ({ slug: t.slug, name: t.name, kind: t.kind, url: `${ctx.siteUrl}/tag/${t.slug}` })),
      page,
      perPage,
      total,
    ),
  );
}

async function listAuthorsRoute(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  const { page, perPage, offset } = paging(ContentPageQuerySchema.parse(request.query));
  const { rows, total } = await listAuthorsWithImages(ctx.db, { limit: perPage, offset });
  return sendCached(
    request,
    reply,
    pageJson(
      rows.map((a) => ({
        slug: a.slug,
        name: a.name,
        bio: a.bio,
        image: a.image ? mediaJson(a.image, ctx.siteUrl) : null,
        url: `${ctx.siteUrl}/author/${a.slug}`,
      })),
      page,
      perPage,
      total,
    ),
  );
}

const CONTENT_ROUTES: RouteTable<ApiContext> = [
  { method: 'GET', url: '/articles', handler: listArticles },
  { method: 'GET', url: '/articles/:slug', handler: showArticle },
  { method: 'GET', url: '/sections', handler: listSectionsRoute },
  { method: 'GET', url: '/tags', handler: listTagsRoute },
  { method: 'GET', url: '/authors', handler: listAuthorsRoute },
];

export function registerContentRoutes(app: FastifyInstance, ctx: ApiContext): void {
  registerRoutes(app, ctx, CONTENT_ROUTES);
}
