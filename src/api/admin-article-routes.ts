import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canOnStory } from '../content/policy.js';
import { MoveSchema, NoteSchema, StoryPatchSchema } from '../content/story-input.js';
import { createStory, type GoLive } from '../editorial/create-story.js';
import { storyFor } from '../editorial/editorial-context.js';
import { moveStory } from '../editorial/move-story.js';
import { removeStory } from '../editorial/remove-story.js';
import { addPublicNote } from '../editorial/story-notes.js';
import { updateStory } from '../editorial/update-story.js';
import { registerRoutes, type RouteTable } from '../http/route-table.js';
import { listStories } from '../store/stories/story-repository.js';
import { actorOf } from './api-auth.js';
import { badRequest } from './api-errors.js';
import { AdminStoryQuerySchema, NewStorySchema, paging, parseId, type NewStory } from './api-input.js';
import { adminArticleJson, pageJson } from './api-views.js';
import type { ApiContext } from './api-context.js';

// /api/admin/articles: stories through the same editorial service as the newsroom pages,
// so the policy, the checklist, conflicts (409 with who and when) and the one-transaction
// writes are the same whichever door a change comes through.

/** Stories carry long bodies; everything else keeps the app's 1 MB limit. */
const STORY_BODY_LIMIT = 4 * 1024 * 1024;

function storyId(request: FastifyRequest): number {
  const id = parseId((request.params as { id: string }).id);
  if (id === null) throw badRequest('id', 'must be a whole positive number');
  return id;
}
const actorIn = (ctx: ApiContext, request: FastifyRequest) => actorOf(ctx.principal(request));

async function listArticles(ctx: ApiContext, request: FastifyRequest) {
  const query = AdminStoryQuerySchema.parse(request.query);
  const actor = actorIn(ctx, request);
  const { page, perPage, offset } = paging(query);
  // Someone who may view a story created by nobody may view every story; the others
  // (contributors, authors) list only their own.
  const seesAll = canOnStory(actor, 'view', { createdBy: null, stage: 'draft' });
  const { rows, total } = await listStories(ctx.db, {
    stage: query.status,
    sectionSlug: query.section,
    authorSlug: query.author,
    text: query.q,
    createdBy: seesAll ? undefined : actor.id,
    sort: query.sort ?? 'modified',
    limit: perPage,
    offset,
  });
  return pageJson(
    rows.map((row) => ({
      id: row.id,
      url: `${ctx.siteUrl}/${row.slug}`,
      slug: row.slug,
      title: row.title,
      stage: row.stage,
      status: row.stage === 'published' ? 'published' : 'draft',
      publish_at: row.publish_at,
      published_at: row.published_at,
      created_at: row.created_at,
      modified_at: row.modified_at,
      created_by: row.created_by_name,
    })),
    page,
    perPage,
    total,
  );
}

/**
 * The move a new story's `status` asks for. A time belongs to a schedule only: anywhere
 * else it would be silently ignored, so it is refused.
 */
function goLiveOf(input: NewStory): GoLive | undefined {
  if (input.publish_at !== undefined && input.status !== 'scheduled') throw badRequest('publish_at', 'is only for "status": "scheduled"');
  if (input.status === 'published') return { move: 'publish' };
  if (input.status === 'scheduled') {
    if (input.publish_at === undefined) throw badRequest('publish_at', 'a scheduled story needs a date and time');
    return { move: 'schedule', publish_at: input.publish_at };
  }
  return undefined;
}

async function createArticle(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  const input = NewStorySchema.parse(request.body ?? {});
  const goLive = goLiveOf(input);
  const { status: _status, publish_at: _publishAt, ...fields } = input;
  const story = await createStory(ctx, actorIn(ctx, request), fields, new Date(), goLive);
  return reply.code(201).header('Location', `/api/admin/articles/${story.id}`).send(adminArticleJson(story, ctx.siteUrl));
}

async function showArticle(ctx: ApiContext, request: FastifyRequest) {
  const story = await storyFor(ctx, actorIn(ctx, request), storyId(request));
  return adminArticleJson(story, ctx.siteUrl);
}

async function patchArticle(ctx: ApiContext, request: FastifyRequest) {
  const id = storyId(request);
  const patch = StoryPatchSchema.parse(request.body ?? {});
  const story = await updateStory(ctx, actorIn(ctx, request), id, patch, new Date());
  return adminArticleJson(story, ctx.siteUrl);
}

async function deleteArticle(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  await removeStory(ctx, actorIn(ctx, request), storyId(request));
  return reply.code(204).send();
}

async function moveArticle(ctx: ApiContext, request: FastifyRequest) {
  const id = storyId(request);
  const move = MoveSchema.parse(request.body ?? {});
  const story = await moveStory(ctx, actorIn(ctx, request), id, move, new Date());
  return adminArticleJson(story, ctx.siteUrl);
}

async function addArticleNote(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  const id = storyId(request);
  const note = NoteSchema.parse(request.body ?? {});
  const story = await addPublicNote(ctx, actorIn(ctx, request), id, note, new Date());
  return reply.code(201).send(adminArticleJson(story, ctx.siteUrl));
}

const ARTICLE_ROUTES: RouteTable<ApiContext> = [
  { method: 'GET', url: '/articles', handler: listArticles },
  { method: 'POST', url: '/articles', handler: createArticle, options: { bodyLimit: STORY_BODY_LIMIT } },
  { method: 'GET', url: '/articles/:id', handler: showArticle },
  { method: 'PATCH', url: '/articles/:id', handler: patchArticle, options: { bodyLimit: STORY_BODY_LIMIT } },
  { method: 'DELETE', url: '/articles/:id', handler: deleteArticle },
  { method: 'POST', url: '/articles/:id/moves', handler: moveArticle },
  { method: 'POST', url: '/articles/:id/notes', handler: addArticleNote },
];

export function registerAdminArticleRoutes(app: FastifyInstance, ctx: ApiContext): void {
  registerRoutes(app, ctx, ARTICLE_ROUTES);
}
