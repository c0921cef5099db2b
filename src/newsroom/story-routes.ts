import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { newToken, hashToken } from '../auth/tokens.js';
import { can, canOnStory, type Actor } from '../content/policy.js';
import { ARTICLE_STAGES, STAGE_LABELS, type ArticleStage } from '../content/roles.js';
import { parseSearchQuery } from '../content/search-query.js';
import { describeIssues, InternalNoteSchema, MoveSchema, NoteSchema, StoryPatchSchema } from '../content/story-input.js';
import { TAG_KINDS } from '../content/tag-kinds.js';
import { MOVES, MOVE_NAMES, moveAllowedFrom } from '../content/workflow.js';
import { utcToWallTime, wallTimeToUtc } from '../content/zoned-time.js';
import { NewsroomError } from '../editorial/newsroom-error.js';
import { addPublicNote, checklistFor, createStory, moveStory, removeStory, storyFor, updateStory } from '../editorial/stories.js';
import { StoryEditorPage, type StoryEditorView } from '../render/newsroom/story-editor-page.js';
import { StoryListPage } from '../render/newsroom/story-list-page.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { loadEditorOptions } from '../store/stories/story-editor-options.js';
import { loadNotes as notesOf } from '../store/stories/visible-stories.js';
import { countStoriesByStage, insertInternalNote, listInternalNotes, listStories, type StoryRecord } from '../store/stories/story-repository.js';
import { searchArticles } from '../store/search/search-articles.js';
import { insertToken } from '../store/access/token-repository.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';
import { storyPatchFromForm } from './story-form.js';

// The story list, the editor page and everything the editor's forms post to.

const PER_PAGE = 25;
const PREVIEW_VALID_MS = 7 * 24 * 60 * 60 * 1000;

const storyId = (request: FastifyRequest): number => {
  const raw = (request.params as { id: string }).id;
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
};
const str = (value: unknown) => (typeof value === 'string' ? value : '');
/** A zod result's data, or the 400 that lists every problem by field. */
function parsed<T>(result: z.SafeParseReturnType<unknown, T>): T {
  if (result.success) return result.data;
  const details = describeIssues(result.error);
  throw new NewsroomError(400, 'INVALID', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
}
const wantsJson = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').startsWith('application/json');

export function registerStoryRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  const ctx = { db: deps.db, events: deps.events, dialect: deps.dialect };
  const staffOf = (request: FastifyRequest) => request.staff!;

  app.get('/admin', async (request, reply) => {
    const actor = actorOf(staffOf(request));
    const q = request.query as Record<string, unknown>;
    const stage = ARTICLE_STAGES.includes(str(q.stage) as ArticleStage) ? (str(q.stage) as ArticleStage) : undefined;
    const sort = (['modified', 'published', 'title'] as const).find((s) => s === q.sort) ?? 'modified';
    const page = Math.max(1, Math.min(10_000, Number.parseInt(str(q.page), 10) || 1));
    const text = str(q.q).trim().slice(0, 200);
    // Contributors and authors work on their own stories; editors see the whole desk.
    const createdBy = can(actor, 'taxonomy.manage') ? undefined : actor.id;
    // The reader site's full-text search, drafts included, beside a plain headline match.
    const parsed = text ? parseSearchQuery(text) : null;
    const found = parsed?.ok
      ? await searchArticles(deps.db, deps.dialect, { query: parsed.query, visibility: { audience: 'newsroom' }, limit: 200, offset: 0 })
      : null;
    const [list, counts, options] = await Promise.all([
      listStories(deps.db, {
        stage, sectionSlug: str(q.section) || undefined, authorSlug: str(q.author) || undefined, text: text || undefined,
        textMatchIds: found?.hits.map((hit) => hit.id), createdBy, sort, limit: PER_PAGE, offset: (page - 1) * PER_PAGE,
      }),
      countStoriesByStage(deps.db, createdBy),
      loadEditorOptions(deps.db),
    ]);
    const params = new URLSearchParams();
    for (const [key, value] of [['q', text], ['stage', stage ?? ''], ['section', str(q.section)], ['author', str(q.author)], ['sort', sort]] as const) {
      if (value) params.set(key, value);
    }
    const baseQuery = params.toString() ? `${params.toString()}&` : '';
    return sendNewsroomPage(deps, request, reply, StoryListPage, {
      view: {
        filters: { stage: stage ?? '', section: str(q.section), author: str(q.author), q: text, sort },
        stages: ARTICLE_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] })),
        sections: options.sections.map((s) => ({ value: s.slug, label: s.name })),
        authors: options.authors.map((a) => ({ value: a.slug, label: a.name })),
        counts: ARTICLE_STAGES.map((s) => ({ label: STAGE_LABELS[s], count: counts.get(s) ?? 0 })),
        rows: list.rows.map((r) => ({
          id: r.id, title: r.title, slug: r.slug, stage: r.stage, stageLabel: STAGE_LABELS[r.stage], modifiedAt: r.modified_at,
          publishAt: r.publish_at, publishedAt: r.published_at, createdBy: r.created_by_name,
        })),
        total: list.total, page, pages: Math.max(1, Math.ceil(list.total / PER_PAGE)), canCreate: can(actor, 'story.create'),
        notice: str(q.notice) === 'deleted' ? 'The story was deleted.' : null, baseQuery,
      },
    });
  });

  async function editorView(actor: Actor, story: StoryRecord | null, extra: Partial<StoryEditorView> = {}, draft?: Record<string, unknown>): Promise<StoryEditorView> {
    const [options, settings] = await Promise.all([loadEditorOptions(deps.db), loadPublicationSettings(deps.db)]);
    const zone = settings.time_zone;
    const ownership = story ? { createdBy: story.created_by, stage: story.stage } : null;
    const allowed = (action: Parameters<typeof canOnStory>[1]) => !!ownership && canOnStory(actor, action, ownership);
    const [checklist, notes, internalNotes] = story
      ? await Promise.all([checklistFor(ctx, story), notesOf(deps.db, story.id), listInternalNotes(deps.db, story.id)])
      : [null, [], []];
    const pick = <T,>(key: string, fallback: T): T => (draft && key in draft ? (draft[key] as T) : fallback);
    return {
      story: {
        id: story?.id ?? null,
        title: pick('title', story?.title ?? ''), dek: pick('dek', story?.dek ?? ''), slug: pick('slug', story?.slug ?? ''),
        format: pick('format', story?.format ?? '') ?? '', sections: pick('sections', story?.sections ?? []),
        tags: pick('tags', story?.tags.map((t) => t.slug) ?? []), authors: pick('authors', story?.authors ?? []),
        image: pick('image', story?.image ?? '') ?? '',
        body: draft && 'body' in draft ? JSON.stringify(draft.body) : story?.body ?? JSON.stringify({ type: 'doc', content: [] }),
        excerpt: pick('excerpt', story?.excerpt ?? ''), seoTitle: pick('seo_title', story?.seo_title ?? ''),
        seoDescription: pick('seo_description', story?.seo_description ?? ''),
        unpublishAt: story?.unpublish_at ? utcToWallTime(story.unpublish_at, zone) : '',
        revision: story?.revision ?? 1, stage: story?.stage ?? 'draft', stageLabel: STAGE_LABELS[story?.stage ?? 'draft'],
        publishAt: story?.publish_at ?? null, publishedAt: story?.published_at ?? null,
        modifiedBy: story?.modified_by_name ?? null, modifiedAt: story?.modified_at ?? null,
        publicUrl: story?.stage === 'published' ? `/${story.slug}` : null,
      },
      options: {
        formats: options.formats.map((f) => ({ value: f.slug, label: f.name })),
        sections: options.sections.map((s) => ({ value: s.slug, label: s.name })),
        tags: options.tags.map((t) => ({ value: t.slug, label: `${t.name} (${t.kind})` })),
        authors: options.authors.map((a) => ({ value: a.slug, label: a.name })),
        images: options.images.map((m) => ({ value: m.key, label: `${m.alt || m.original_name || m.key}${m.credit ? ` — ${m.credit}` : ''}` })),
        tagKinds: TAG_KINDS.map((k) => ({ value: k, label: k[0]!.toUpperCase() + k.slice(1) })),
      },
      errors: [], notice: null, checklist,
      moves: story ? MOVE_NAMES.filter((m) => moveAllowedFrom(m, story.stage) && allowed(MOVES[m].action))
        .map((m) => ({ move: m, label: MOVES[m].label, needsTime: m === 'schedule' })) : [],
      canAddNote: allowed('addNote') && !!story?.published_at,
      canAnnotate: allowed('annotate'),
      canDelete: allowed('delete'),
      notes, internalNotes: internalNotes.map((n) => ({ by: n.staff_name, at: n.created_at, body: n.body })),
      previewUrl: null,
      ...extra,
    };
  }

  const sendEditor = (request: FastifyRequest, reply: FastifyReply, view: StoryEditorView, status = 200) =>
    sendNewsroomPage(deps, request, reply, StoryEditorPage, { view }, status);

  /** A refusal as JSON for scripts and autosave, or the editor page again with the message. */
  async function refuse(request: FastifyRequest, reply: FastifyReply, error: unknown, id: number | null, draft?: Record<string, unknown>) {
    if (!(error instanceof NewsroomError)) throw error;
    if (wantsJson(request)) return reply.code(error.status).header('Cache-Control', 'no-store').send({ error: { code: error.code, message: error.message, details: error.details } });
    if (error.status === 404 || error.status === 403) {
      return app.sendErrorPage(reply, error.status, error.status === 404 ? 'Story not found' : 'Not allowed', error.message);
    }
    const actor = actorOf(staffOf(request));
    const story = id === null ? null : await storyFor(ctx, actor, id).catch(() => null);
    const errors = Array.isArray(error.details) && error.details.every((d) => d && typeof d === 'object' && 'field' in d)
      ? (error.details as Array<{ field: string; message: string }>) : [{ field: error.code === 'CONFLICT' ? 'Conflict' : 'Story', message: error.message }];
    return sendEditor(request, reply, { ...(await editorView(actor, story, {}, draft)), errors }, error.status);
  }

  app.get('/admin/stories/new', async (request, reply) => {
    const actor = actorOf(staffOf(request));
    if (!can(actor, 'story.create')) return app.sendErrorPage(reply, 403, 'Not allowed', 'Your role cannot create stories.');
    return sendEditor(request, reply, await editorView(actor, null));
  });

  function parsePatch(request: FastifyRequest, zone: string) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { patch, problems } = storyPatchFromForm(body, zone);
    if (problems.length) throw new NewsroomError(400, 'INVALID', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    return { patch: parsed(StoryPatchSchema.safeParse(patch)), raw: patch };
  }

  app.post('/admin/stories', async (request, reply) => {
    const actor = actorOf(staffOf(request));
    const settings = await loadPublicationSettings(deps.db);
    let raw: Record<string, unknown> | undefined;
    try {
      const parsed = parsePatch(request, settings.time_zone);
      raw = parsed.raw;
      const { revision: _ignored, ...patch } = parsed.patch;
      const staff = staffOf(request);
      // A person's own author profile is the byline of a new story unless they chose one.
      if (!patch.authors?.length && staff.authorId) {
        const own = await deps.db.selectFrom('authors').select('slug').where('id', '=', staff.authorId).executeTakeFirst();
        if (own) patch.authors = [own.slug];
      }
      const story = await createStory(ctx, actor, patch, new Date());
      if (wantsJson(request)) return reply.code(201).send({ id: story.id, revision: story.revision });
      return reply.redirect(`/admin/stories/${story.id}?notice=created`, 303);
    } catch (error) {
      return refuse(request, reply, error, null, raw);
    }
  });

  app.get('/admin/stories/:id', async (request, reply) => {
    const id = storyId(request);
    const actor = actorOf(staffOf(request));
    try {
      const story = await storyFor(ctx, actor, id);
      const notice = ({ created: 'Draft created.', saved: 'Saved.', moved: 'Done.', note: 'Note added.' } as Record<string, string>)[str((request.query as { notice?: unknown }).notice)] ?? null;
      return sendEditor(request, reply, await editorView(actor, story, { notice }));
    } catch (error) {
      return refuse(request, reply, error, null);
    }
  });

  const save = (mode: 'form' | 'autosave') => async (request: FastifyRequest, reply: FastifyReply) => {
    const id = storyId(request);
    const actor = actorOf(staffOf(request));
    const settings = await loadPublicationSettings(deps.db);
    let raw: Record<string, unknown> | undefined;
    try {
      const parsed = parsePatch(request, settings.time_zone);
      raw = parsed.raw;
      const story = await updateStory(ctx, actor, id, parsed.patch, new Date());
      if (mode === 'autosave' || wantsJson(request)) {
        return reply.header('Cache-Control', 'no-store').send({ revision: story.revision, modified_at: story.modified_at, slug: story.slug });
      }
      return reply.redirect(`/admin/stories/${id}?notice=saved`, 303);
    } catch (error) {
      return refuse(request, reply, error, Number.isNaN(id) ? null : id, raw);
    }
  };
  app.post('/admin/stories/:id', save('form'));
  app.post('/admin/stories/:id/autosave', save('autosave'));

  /** A POST on one story: its id and the actor, and every refusal answered the same way. */
  const onStory = (path: string, work: (id: number, actor: Actor, body: Record<string, unknown>, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) =>
    app.post(`/admin/stories/:id/${path}`, async (request, reply) => {
      const id = storyId(request);
      try {
        return await work(id, actorOf(staffOf(request)), (request.body ?? {}) as Record<string, unknown>, request, reply);
      } catch (error) {
        return refuse(request, reply, error, Number.isNaN(id) ? null : id);
      }
    });

  onStory('move', async (id, actor, body, request, reply) => {
    const settings = await loadPublicationSettings(deps.db);
    const publishAt = str(body.publish_at) ? wallTimeToUtc(str(body.publish_at), settings.time_zone) ?? str(body.publish_at) : undefined;
    const revision = Number(body.revision);
    const move = parsed(MoveSchema.safeParse({ move: body.move, publish_at: publishAt, revision: Number.isSafeInteger(revision) && revision > 0 ? revision : undefined }));
    const story = await moveStory(ctx, actor, id, move, new Date());
    if (wantsJson(request)) return reply.send({ stage: story.stage, revision: story.revision, publish_at: story.publish_at });
    return reply.redirect(`/admin/stories/${id}?notice=moved`, 303);
  });

  onStory('notes', async (id, actor, body, _request, reply) => {
    await addPublicNote(ctx, actor, id, parsed(NoteSchema.safeParse({ kind: body.kind, note: body.note })), new Date());
    return reply.redirect(`/admin/stories/${id}?notice=note`, 303);
  });

  onStory('internal-notes', async (id, actor, body, _request, reply) => {
    await storyFor(ctx, actor, id, 'annotate');
    const note = parsed(InternalNoteSchema.safeParse({ body: body.body }));
    await insertInternalNote(deps.db, { articleId: id, staffId: actor.id, body: note.body, now: new Date().toISOString() });
    return reply.redirect(`/admin/stories/${id}?notice=note`, 303);
  });

  onStory('preview', async (id, actor, _body, request, reply) => {
    const story = await storyFor(ctx, actor, id);
    const token = newToken();
    const at = new Date();
    await insertToken(deps.db, { hash: hashToken(token), purpose: 'preview', subjectId: id, now: at.toISOString(), expiresAt: new Date(at.getTime() + PREVIEW_VALID_MS).toISOString() });
    return sendEditor(request, reply, await editorView(actor, story, { previewUrl: `${deps.siteUrl}/admin/preview/${token}`, notice: 'Preview link made. Copy it now: it is shown only once.' }));
  });

  onStory('delete', async (id, actor, body, _request, reply) => {
    if (str(body.confirm) !== 'yes') throw new NewsroomError(400, 'INVALID', 'Tick the box to confirm the deletion.');
    await removeStory(ctx, actor, id);
    return reply.redirect('/admin?notice=deleted', 303);
  });
}
