import type { FastifyInstance } from 'fastify';
import { canOnStory } from '../content/policy.js';
import { MoveSchema, NoteSchema, StoryPatchSchema } from '../content/story-input.js';
import { addPublicNote, createStory, moveStory, removeStory, storyFor, updateStory, type EditorialContext } from '../editorial/stories.js';
import { listStories } from '../store/stories/story-repository.js';
import { actorOf } from './api-auth.js';
import { badRequest } from './api-errors.js';
import { AdminStoryQuerySchema, NewStorySchema, paging, parseId } from './api-input.js';
import { adminArticleJson, pageJson } from './api-views.js';
import type { ApiContext } from './api-context.js';

// /api/admin/articles: stories through the same editorial service as the newsroom pages,
// so the policy, the checklist, conflicts (409 with who and when) and the one-transaction
// writes are the same whichever door a change comes through.

/** Stories carry long bodies; everything else keeps the app's 1 MB limit. */
const STORY_BODY_LIMIT = 4 * 1024 * 1024;

export function registerAdminArticleRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const editorial: EditorialContext = { db: ctx.db, events: ctx.events, dialect: ctx.dialect };
  const storyId = (raw: string) => {
    const id = parseId(raw);
    if (id === null) throw badRequest('id', 'must be a whole positive number');
    return id;
  };

  app.get('/articles', async (request) => {
    const query = AdminStoryQuerySchema.parse(request.query);
    const actor = actorOf(ctx.principal(request));
    const { page, perPage, offset } = paging(query);
    // Someone who may view a story created by nobody may view every story; the others
    // (contributors, authors) list only their own.
    const seesAll = canOnStory(actor, 'view', { createdBy: null, stage: 'draft' });
    const { rows, total } = await listStories(ctx.db, {
      stage: query.status, sectionSlug: query.section, authorSlug: query.author, text: query.q,
      createdBy: seesAll ? undefined : actor.id, sort: query.sort ?? 'modified', limit: perPage, offset,
    });
    return pageJson(rows.map((row) => ({
      id: row.id, url: `${ctx.siteUrl}/${row.slug}`, slug: row.slug, title: row.title, stage: row.stage,
      status: row.stage === 'published' ? 'published' : 'draft', publish_at: row.publish_at, published_at: row.published_at,
      created_at: row.created_at, modified_at: row.modified_at, created_by: row.created_by_name,
    })), page, perPage, total);
  });

  app.post('/articles', { bodyLimit: STORY_BODY_LIMIT }, async (request, reply) => {
    const input = NewStorySchema.parse(request.body ?? {});
    const story = await createStory(editorial, actorOf(ctx.principal(request)), input, new Date());
    return reply.code(201).header('Location', `/api/admin/articles/${story.id}`).send(adminArticleJson(story, ctx.siteUrl));
  });

  app.get<{ Params: { id: string } }>('/articles/:id', async (request) => {
    const story = await storyFor(editorial, actorOf(ctx.principal(request)), storyId(request.params.id));
    return adminArticleJson(story, ctx.siteUrl);
  });

  app.patch<{ Params: { id: string } }>('/articles/:id', { bodyLimit: STORY_BODY_LIMIT }, async (request) => {
    const id = storyId(request.params.id);
    const patch = StoryPatchSchema.parse(request.body ?? {});
    const story = await updateStory(editorial, actorOf(ctx.principal(request)), id, patch, new Date());
    return adminArticleJson(story, ctx.siteUrl);
  });

  app.delete<{ Params: { id: string } }>('/articles/:id', async (request, reply) => {
    await removeStory(editorial, actorOf(ctx.principal(request)), storyId(request.params.id));
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>('/articles/:id/moves', async (request) => {
    const id = storyId(request.params.id);
    const move = MoveSchema.parse(request.body ?? {});
    const story = await moveStory(editorial, actorOf(ctx.principal(request)), id, move, new Date());
    return adminArticleJson(story, ctx.siteUrl);
  });

  app.post<{ Params: { id: string } }>('/articles/:id/notes', async (request, reply) => {
    const id = storyId(request.params.id);
    const note = NoteSchema.parse(request.body ?? {});
    const story = await addPublicNote(editorial, actorOf(ctx.principal(request)), id, note, new Date());
    return reply.code(201).send(adminArticleJson(story, ctx.siteUrl));
  });
}
