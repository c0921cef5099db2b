import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { newToken, hashToken } from '../auth/tokens.js';
import { can, type Actor } from '../content/policy.js';
import { ARTICLE_STAGES, STAGE_LABELS, type ArticleStage } from '../content/roles.js';
import { parseSearchQuery } from '../content/search-query.js';
import { describeIssues, MoveSchema, NoteSchema, StoryPatchSchema } from '../content/story-input.js';
import { wallTimeToUtc } from '../content/zoned-time.js';
import { createStory } from '../editorial/create-story.js';
import { storyFor } from '../editorial/editorial-context.js';
import { moveStory } from '../editorial/move-story.js';
import { NewsroomError } from '../editorial/newsroom-error.js';
import { removeStory } from '../editorial/remove-story.js';
import { addInternalNote, addPublicNote } from '../editorial/story-notes.js';
import { updateStory } from '../editorial/update-story.js';
import { registerRoutes, type RouteHandler, type RouteTable } from '../http/route-table.js';
import { formatNewsroomTime } from '../render/newsroom/newsroom-time.js';
import { StoryListPage } from '../render/newsroom/story-list-page.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { loadEditorOptions } from '../store/stories/story-editor-options.js';
import { countStoriesByStage, listStories } from '../store/stories/story-repository.js';
import { searchArticles } from '../store/search/search-articles.js';
import { insertToken } from '../store/access/token-repository.js';
import { mailProblemsNotice } from './mail-problems-routes.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';
import { editorView, refuseStory, sendEditor, wantsJson } from './story-editor-view.js';
import { storyPatchFromForm } from './story-form.js';

// The story list, the editor page and everything the editor's forms post to. Every
// change goes through editorial/, which checks the policy; a refusal comes back as JSON
// or as the editor page with the message (story-editor-view.ts).

const PER_PAGE = 25;
const PREVIEW_VALID_MS = 7 * 24 * 60 * 60 * 1000;
const NOTICES: Record<string, string> = { created: 'Draft created.', saved: 'Saved.', moved: 'Done.', note: 'Note added.' };

const storyId = (request: FastifyRequest): number => {
  const raw = (request.params as { id: string }).id;
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
};
const str = (value: unknown) => (typeof value === 'string' ? value : '');
const actorIn = (request: FastifyRequest) => actorOf(request.staff!);

/** A zod result's data, or the 400 that lists every problem by field. */
function parsed<T>(result: z.SafeParseReturnType<unknown, T>): T {
  if (result.success) return result.data;
  const details = describeIssues(result.error);
  throw new NewsroomError(400, 'INVALID', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
}

function parsePatch(request: FastifyRequest, zone: string) {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const { patch, problems } = storyPatchFromForm(body, zone);
  if (problems.length) throw new NewsroomError(400, 'INVALID', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return { patch: parsed(StoryPatchSchema.safeParse(patch)), raw: patch };
}

async function storyList(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply) {
  const actor = actorIn(request);
  const q = request.query as Record<string, unknown>;
  const stage = ARTICLE_STAGES.includes(str(q.stage) as ArticleStage) ? (str(q.stage) as ArticleStage) : undefined;
  const sort = (['modified', 'published', 'title'] as const).find((s) => s === q.sort) ?? 'modified';
  const page = Math.max(1, Math.min(10_000, Number.parseInt(str(q.page), 10) || 1));
  const text = str(q.q).trim().slice(0, 200);
  // Contributors and authors work on their own stories; editors see the whole desk.
  const createdBy = can(actor, 'taxonomy.manage') ? undefined : actor.id;
  // The reader site's full-text search, drafts included, beside a plain headline match.
  const search = text ? parseSearchQuery(text) : null;
  const found = search?.ok
    ? await searchArticles(deps.db, deps.dialect, { query: search.query, visibility: { audience: 'newsroom' }, limit: 200, offset: 0 })
    : null;
  const [list, counts, options] = await Promise.all([
    listStories(deps.db, {
      stage,
      sectionSlug: str(q.section) || undefined,
      authorSlug: str(q.author) || undefined,
      text: text || undefined,
      textMatchIds: found?.hits.map((hit) => hit.id),
      createdBy,
      sort,
      limit: PER_PAGE,
      offset: (page - 1) * PER_PAGE,
    }),
    countStoriesByStage(deps.db, createdBy),
    loadEditorOptions(deps.db),
  ]);
  const params = new URLSearchParams();
  for (const [key, value] of [
    ['q', text],
    ['stage', stage ?? ''],
    ['section', str(q.section)],
    ['author', str(q.author)],
    ['sort', sort],
  ] as const) {
    if (value) params.set(key, value);
  }
  return sendNewsroomPage(deps, request, reply, StoryListPage, {
    view: {
      filters: { stage: stage ?? '', section: str(q.section), author: str(q.author), q: text, sort },
      stages: ARTICLE_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] })),
      sections: options.sections.map((s) => ({ value: s.slug, label: s.name })),
      authors: options.authors.map((a) => ({ value: a.slug, label: a.name })),
      counts: ARTICLE_STAGES.map((s) => ({ stage: s, label: STAGE_LABELS[s], count: counts.get(s) ?? 0 })),
      rows: list.rows.map((r) => ({
        id: r.id,
        title: r.title,
        slug: r.slug,
        stage: r.stage,
        stageLabel: STAGE_LABELS[r.stage],
        modifiedAt: r.modified_at,
        publishAt: r.publish_at,
        publishedAt: r.published_at,
        createdBy: r.created_by_name,
      })),
      total: list.total,
      page,
      pages: Math.max(1, Math.ceil(list.total / PER_PAGE)),
      canCreate: can(actor, 'story.create'),
      notice: str(q.notice) === 'deleted' ? 'The story was deleted.' : null,
      mailProblems: await mailProblemsNotice(deps.db, request),
      baseQuery: params.toString() ? `${params.toString()}&` : '',
    },
  });
}

async function newStoryForm(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply) {
  const actor = actorIn(request);
  if (!can(actor, 'story.create')) return request.server.sendErrorPage(reply, 403, 'Not allowed', 'Your role cannot create stories.');
  return sendEditor(deps, request, reply, await editorView(deps, actor, null));
}

async function createFromForm(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply) {
  const settings = await loadPublicationSettings(deps.db);
  let raw: Record<string, unknown> | undefined;
  try {
    const form = parsePatch(request, settings.time_zone);
    raw = form.raw;
    const { revision: _ignored, ...patch } = form.patch;
    // createStory gives a writer's own author profile as the byline when none was chosen.
    const story = await createStory(deps, actorOf(request.staff!), patch, new Date());
    if (wantsJson(request)) return reply.code(201).send({ id: story.id, revision: story.revision });
    return reply.redirect(`/admin/stories/${story.id}?notice=created`, 303);
  } catch (error) {
    return refuseStory(deps, request, reply, { error, id: null, draft: raw });
  }
}

async function storyEditor(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply) {
  const actor = actorIn(request);
  try {
    const story = await storyFor(deps, actor, storyId(request));
    const notice = NOTICES[str((request.query as { notice?: unknown }).notice)] ?? null;
    return sendEditor(deps, request, reply, await editorView(deps, actor, story, { notice }));
  } catch (error) {
    return refuseStory(deps, request, reply, { error, id: null });
  }
}

/** A save from the form (answered with a redirect) or from autosave (answered as JSON). */
const saveStory =
  (mode: 'form' | 'autosave'): RouteHandler<NewsroomDeps> =>
  async (deps, request, reply) => {
    const id = storyId(request);
    const settings = await loadPublicationSettings(deps.db);
    let raw: Record<string, unknown> | undefined;
    try {
      const form = parsePatch(request, settings.time_zone);
      raw = form.raw;
      const story = await updateStory(deps, actorIn(request), id, form.patch, new Date());
      if (mode === 'autosave' || wantsJson(request)) {
        // The time as the page shows every other one: the publication's zone, named.
        const savedAt = formatNewsroomTime(story.modified_at ?? new Date().toISOString(), {
          zone: settings.time_zone,
          locale: settings.locale,
        });
        return reply
          .header('Cache-Control', 'no-store')
          .send({ revision: story.revision, modified_at: story.modified_at, saved_at_label: savedAt, slug: story.slug });
      }
      return reply.redirect(`/admin/stories/${id}?notice=saved`, 303);
    } catch (error) {
      return refuseStory(deps, request, reply, { error, id: Number.isNaN(id) ? null : id, draft: raw });
    }
  };

type StoryAct = (
  deps: NewsroomDeps,
  story: { id: number; actor: Actor; body: Record<string, unknown> },
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<FastifyReply>;

/** A POST on one story: its id and the actor, and every refusal answered the same way. */
const onStory =
  (act: StoryAct): RouteHandler<NewsroomDeps> =>
  async (deps, request, reply) => {
    const id = storyId(request);
    try {
      return await act(deps, { id, actor: actorIn(request), body: (request.body ?? {}) as Record<string, unknown> }, request, reply);
    } catch (error) {
      return refuseStory(deps, request, reply, { error, id: Number.isNaN(id) ? null : id });
    }
  };

/** The move a workflow button names, checked before anything is written. */
function parseMove(body: Record<string, unknown>, zone: string) {
  const publishAt = str(body.publish_at) ? (wallTimeToUtc(str(body.publish_at), zone) ?? str(body.publish_at)) : undefined;
  const revision = Number(body.revision);
  return parsed(
    MoveSchema.safeParse({
      move: body.move,
      publish_at: publishAt,
      revision: Number.isSafeInteger(revision) && revision > 0 ? revision : undefined,
    }),
  );
}

/**
 * A workflow button ("Send to review", "Publish now", "Schedule"…). The editor's buttons
 * submit the whole story form here, so what is on screen is saved first (updateStory) and
 * the move applies to the revision that save produced (moveStory): one action, nothing
 * lost, and never a conflict with the writer's own save. A bare move (a script, a form
 * without the story's fields) moves the revision it names.
 */
const moveFromForm: RouteHandler<NewsroomDeps> = async (deps, request, reply) => {
  const id = storyId(request);
  const actor = actorIn(request);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const settings = await loadPublicationSettings(deps.db);
  const withEdits = 'title' in body;
  let raw: Record<string, unknown> | undefined;
  let saved = false;
  try {
    const move = parseMove(body, settings.time_zone);
    if (withEdits) {
      const form = parsePatch(request, settings.time_zone);
      raw = form.raw;
      move.revision = (await updateStory(deps, actor, id, form.patch, new Date())).revision;
      saved = true;
    }
    const story = await moveStory(deps, actor, id, move, new Date());
    if (wantsJson(request)) return reply.send({ stage: story.stage, revision: story.revision, publish_at: story.publish_at });
    return reply.redirect(`/admin/stories/${id}?notice=moved`, 303);
  } catch (error) {
    if (saved && error instanceof NewsroomError && !wantsJson(request)) return refuseMoveAfterSave(deps, request, reply, id, error);
    return refuseStory(deps, request, reply, { error, id: Number.isNaN(id) ? null : id, draft: raw });
  }
};

/** The edits were kept; the move was refused (the checklist, a past time…): say both. */
async function refuseMoveAfterSave(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply, id: number, error: NewsroomError) {
  const actor = actorIn(request);
  const story = await storyFor(deps, actor, id);
  const fields = Array.isArray(error.details) && error.details.every((d) => d && typeof d === 'object' && 'field' in d);
  const errors = fields ? (error.details as Array<{ field: string; message: string }>) : [{ field: 'Story', message: error.message }];
  const view = await editorView(deps, actor, story, { errorHeading: 'Your changes were saved, but the story was not moved:' });
  return sendEditor(deps, request, reply, { ...view, errors }, error.status);
}

const addNote = onStory(async (deps, { id, actor, body }, _request, reply) => {
  await addPublicNote(deps, actor, id, parsed(NoteSchema.safeParse({ kind: body.kind, note: body.note })), new Date());
  return reply.redirect(`/admin/stories/${id}?notice=note`, 303);
});

const addInternal = onStory(async (deps, { id, actor, body }, _request, reply) => {
  await addInternalNote(deps, actor, id, { body: body.body }, new Date());
  return reply.redirect(`/admin/stories/${id}?notice=note`, 303);
});

const makePreviewLink = onStory(async (deps, { id, actor }, request, reply) => {
  const story = await storyFor(deps, actor, id);
  const token = newToken();
  const at = new Date();
  await insertToken(deps.db, {
    hash: hashToken(token),
    purpose: 'preview',
    subjectId: id,
    now: at.toISOString(),
    expiresAt: new Date(at.getTime() + PREVIEW_VALID_MS).toISOString(),
  });
  return sendEditor(
    deps,
    request,
    reply,
    await editorView(deps, actor, story, {
      previewUrl: `${deps.siteUrl}/admin/preview/${token}`,
      notice: 'Preview link made. Copy it now: it is shown only once.',
    }),
  );
});

const deleteFromForm = onStory(async (deps, { id, actor, body }, _request, reply) => {
  if (str(body.confirm) !== 'yes') throw new NewsroomError(400, 'INVALID', 'Tick the box to confirm the deletion.');
  await removeStory(deps, actor, id);
  return reply.redirect('/admin?notice=deleted', 303);
});

const STORY_ROUTES: RouteTable<NewsroomDeps> = [
  { method: 'GET', url: '/admin', handler: storyList },
  { method: 'GET', url: '/admin/stories/new', handler: newStoryForm },
  { method: 'POST', url: '/admin/stories', handler: createFromForm },
  { method: 'GET', url: '/admin/stories/:id', handler: storyEditor },
  { method: 'POST', url: '/admin/stories/:id', handler: saveStory('form') },
  { method: 'POST', url: '/admin/stories/:id/autosave', handler: saveStory('autosave') },
  { method: 'POST', url: '/admin/stories/:id/move', handler: moveFromForm },
  { method: 'POST', url: '/admin/stories/:id/notes', handler: addNote },
  { method: 'POST', url: '/admin/stories/:id/internal-notes', handler: addInternal },
  { method: 'POST', url: '/admin/stories/:id/preview', handler: makePreviewLink },
  { method: 'POST', url: '/admin/stories/:id/delete', handler: deleteFromForm },
];

export function registerStoryRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, deps, STORY_ROUTES);
}
