import type { FastifyReply, FastifyRequest } from 'fastify';
import { canOnStory, type Actor } from '../content/policy.js';
import { STAGE_LABELS } from '../content/roles.js';
import { TAG_KINDS } from '../content/tag-kinds.js';
import { MOVES, MOVE_NAMES, moveAllowedFrom } from '../content/workflow.js';
import { utcToWallTime } from '../content/zoned-time.js';
import { storyFor } from '../editorial/editorial-context.js';
import { NewsroomError } from '../editorial/newsroom-error.js';
import { checklistFor } from '../editorial/story-checklist.js';
import { StoryEditorPage, type StoryEditorView } from '../render/newsroom/story-editor-page.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { EDITOR_TAG_OPTIONS, loadEditorOptions } from '../store/stories/story-editor-options.js';
import { tagOptionsBySlugs } from '../store/taxonomy/taxonomy-options.js';
import { loadNotes as notesOf } from '../store/stories/visible-stories.js';
import { listInternalNotes, type StoryRecord } from '../store/stories/story-repository.js';
import { leadImageView } from './lead-image-view.js';
import { liveComposerView } from './live-composer-view.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// The editor page's view (a story, or a new one; a refused form shows what was typed) and
// the one way every story route answers a refusal.

type Draft = Record<string, unknown>;

export async function editorView(
  deps: NewsroomDeps,
  actor: Actor,
  story: StoryRecord | null,
  extra: Partial<StoryEditorView> = {},
  draft?: Draft,
): Promise<StoryEditorView> {
  const [options, settings] = await Promise.all([loadEditorOptions(deps.db), loadPublicationSettings(deps.db)]);
  const ownership = story ? { createdBy: story.created_by, stage: story.stage } : null;
  const allowed = (action: Parameters<typeof canOnStory>[1]) => !!ownership && canOnStory(actor, action, ownership);
  const [checklist, notes, internalNotes] = story
    ? await Promise.all([checklistFor(deps, story), notesOf(deps.db, story.id), listInternalNotes(deps.db, story.id)])
    : [null, [], []];
  const fields = storyFields(story, settings.time_zone, draft);
  // The form lists the first tags by name; the story's own come first, wherever they sort.
  const listed = new Set(options.tags.map((t) => t.slug));
  const ownTags = await tagOptionsBySlugs(
    deps.db,
    [fields.tags].flat().filter((slug) => !listed.has(slug)),
  );
  return {
    story: fields,
    options: {
      formats: options.formats.map((f) => ({ value: f.slug, label: f.name })),
      sections: options.sections.map((s) => ({ value: s.slug, label: s.name })),
      tags: [...ownTags, ...options.tags].map((t) => ({ value: t.slug, label: `${t.name} (${t.kind})` })),
      tagsPartial: options.tags.length >= EDITOR_TAG_OPTIONS,
      authors: options.authors.map((a) => ({ value: a.slug, label: a.name })),
      images: options.images.map((m) => ({
        value: m.key,
        label: `${m.alt || m.original_name || m.key}${m.credit ? ` — ${m.credit}` : ''}`,
      })),
      tagKinds: TAG_KINDS.map((k) => ({ value: k, label: k[0]!.toUpperCase() + k.slice(1) })),
    },
    leadImage: await leadImageView(deps.db, story, options.images, draft),
    errors: [],
    notice: null,
    checklist,
    moves: story
      ? MOVE_NAMES.filter((m) => moveAllowedFrom(m, story.stage) && allowed(MOVES[m].action)).map((m) => ({
          move: m,
          label: MOVES[m].label,
          needsTime: m === 'schedule',
        }))
      : [],
    canAddNote: allowed('addNote') && !!story?.published_at,
    canAnnotate: allowed('annotate'),
    canDelete: allowed('delete'),
    notes,
    internalNotes: internalNotes.map((n) => ({ by: n.staff_name, at: n.created_at, body: n.body })),
    previewUrl: null,
    live: story ? await liveComposerView(deps.db, actor, story) : null,
    ...extra,
  };
}

/** The form's fields: what was typed when a refused form comes back, else the story's own. */
function storyFields(story: StoryRecord | null, zone: string, draft?: Draft): StoryEditorView['story'] {
  const pick = <T>(key: string, fallback: T): T => (draft && key in draft ? (draft[key] as T) : fallback);
  return {
    id: story?.id ?? null,
    title: pick('title', story?.title ?? ''),
    dek: pick('dek', story?.dek ?? ''),
    slug: pick('slug', story?.slug ?? ''),
    format: pick('format', story?.format ?? '') ?? '',
    sections: pick('sections', story?.sections ?? []),
    tags: pick('tags', story?.tags.map((t) => t.slug) ?? []),
    authors: pick('authors', story?.authors ?? []),
    image: pick('image', story?.image ?? '') ?? '',
    body: draft && 'body' in draft ? JSON.stringify(draft.body) : (story?.body ?? JSON.stringify({ type: 'doc', content: [] })),
    excerpt: pick('excerpt', story?.excerpt ?? ''),
    seoTitle: pick('seo_title', story?.seo_title ?? ''),
    seoDescription: pick('seo_description', story?.seo_description ?? ''),
    unpublishAt: story?.unpublish_at ? utcToWallTime(story.unpublish_at, zone) : '',
    revision: story?.revision ?? 1,
    stage: story?.stage ?? 'draft',
    stageLabel: STAGE_LABELS[story?.stage ?? 'draft'],
    publishAt: story?.publish_at ?? null,
    publishedAt: story?.published_at ?? null,
    modifiedBy: story?.modified_by_name ?? null,
    modifiedAt: story?.modified_at ?? null,
    publicUrl: story?.stage === 'published' ? `/${story.slug}` : null,
  };
}

export const sendEditor = (deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply, view: StoryEditorView, status = 200) =>
  sendNewsroomPage(deps, request, reply, StoryEditorPage, { view }, status);

export const wantsJson = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').startsWith('application/json');

/** A refusal as JSON for scripts and autosave, or the editor page again with the message. */
export async function refuseStory(
  deps: NewsroomDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  refused: { error: unknown; id: number | null; draft?: Draft },
) {
  const { error, id } = refused;
  if (!(error instanceof NewsroomError)) throw error;
  if (wantsJson(request))
    return reply
      .code(error.status)
      .header('Cache-Control', 'no-store')
      .send({ error: { code: error.code, message: error.message, details: error.details } });
  if (error.status === 404 || error.status === 403) {
    return request.server.sendErrorPage(reply, error.status, error.status === 404 ? 'Story not found' : 'Not allowed', error.message);
  }
  const actor = actorOf(request.staff!);
  const story = id === null || Number.isNaN(id) ? null : await storyFor(deps, actor, id).catch(() => null);
  const errors =
    Array.isArray(error.details) && error.details.every((d) => d && typeof d === 'object' && 'field' in d)
      ? (error.details as Array<{ field: string; message: string }>)
      : [{ field: error.code === 'CONFLICT' ? 'Conflict' : 'Story', message: error.message }];
  return sendEditor(deps, request, reply, { ...(await editorView(deps, actor, story, {}, refused.draft)), errors }, error.status);
}
