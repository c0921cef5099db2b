import { checkStory, type Checklist } from '../content/checklist.js';
import { documentMediaIds, type DocumentNode } from '../content/document.js';
import { can, canOnStory, refusalStatus, type Actor, type StoryAction } from '../content/policy.js';
import { isReservedSlug, slugify } from '../content/slug.js';
import type { NoteSchema, StoryPatch } from '../content/story-input.js';
import { liveStatus, MOVES, moveAllowedFrom, needsChecklist, type Move } from '../content/workflow.js';
import { documentText } from '../render/blocks/document-text.js';
import { parseDocument } from '../content/parse-document.js';
import {
  deleteStory, idsBySlugs, insertNote, insertRevision, insertStory, loadStory, mediaByIds,
  mediaByKeys, recordSlugChange, replaceLinks, replaceStoryMedia, slugTaken, updateStoryRow, type StoryRecord,
} from '../store/stories/story-repository.js';
import { bumpContentVersion } from '../store/publication/content-version.js';
import { reindexArticles } from '../store/search/reindex-articles.js';
import { findOrInsertTagRow } from '../store/taxonomy/taxonomy-writes.js';
import type { Db, DialectOperations } from '../store/store.js';
import { forbidden, invalid, NewsroomError, notFound } from './newsroom-error.js';
import { snapshotOf, type StorySnapshot } from './story-snapshot.js';
import type { StoryEventSink } from './story-events.js';
import type { z } from 'zod';

// The newsroom's story operations, shared by the editor pages and /api/admin: each one
// checks the policy, validates references against the database, and writes in one
// transaction that bumps the story's revision (a stale save is a 409, never a silent
// overwrite) and, when readers can see the change, the content version.

export interface EditorialContext {
  db: Db;
  events: StoryEventSink;
  /** Keeps the store's full-text index current on every save. */
  dialect: DialectOperations;
}

type Field = { field: string; message: string };

/**
 * The staff row an actor's writes are recorded against. An admin API key acts as a
 * system actor (id 0, no staff row), so its stories and revisions name nobody: the
 * created_by / modified_by / staff_id columns are foreign keys to staff and take null.
 */
export const SYSTEM_ACTOR_ID = 0;
function staffIdOf(actor: Actor): number | null {
  return actor.id === SYSTEM_ACTOR_ID ? null : actor.id;
}

/** The story as the actor may see it; other people's drafts do not exist for them. */
export async function storyFor(ctx: EditorialContext, actor: Actor, id: number, action: StoryAction = 'view'): Promise<StoryRecord> {
  const story = await loadStory(ctx.db, id);
  if (!story) throw notFound();
  const ownership = { createdBy: story.created_by, stage: story.stage };
  if (!canOnStory(actor, action, ownership)) {
    if (refusalStatus(actor, ownership) === 404) throw notFound();
    throw forbidden();
  }
  return story;
}

async function bodyDocument(body: NonNullable<StoryPatch['body']>): Promise<DocumentNode> {
  if ('type' in body) return parseDocument(body);
  if (body.format === 'markdown') return (await import('../importers/rich-text/markdown-to-document.js')).markdownToDocument(body.source);
  return (await import('../importers/rich-text/html-to-document.js')).htmlToDocument(body.source);
}

interface Resolved {
  changes: Record<string, unknown>;
  links: Partial<Record<'article_sections' | 'article_tags' | 'article_authors' | 'article_related', number[]>>;
  media: { imageId: number | null; bodyIds: number[] } | null;
}

/** Turns a patch's slugs and keys into ids, listing every unknown reference at once. */
async function resolvePatch(ctx: EditorialContext, actor: Actor, patch: StoryPatch, storyId: number | null, current: StoryRecord | null): Promise<Resolved> {
  const problems: Field[] = [];
  const changes: Record<string, unknown> = {};
  const links: Resolved['links'] = {};
  for (const key of ['title', 'dek', 'excerpt', 'seo_title', 'seo_description', 'unpublish_at'] as const) {
    if (patch[key] !== undefined) changes[key] = patch[key];
  }
  if (patch.slug !== undefined) {
    if (isReservedSlug(patch.slug)) problems.push({ field: 'slug', message: `"${patch.slug}" is reserved for the site's own pages` });
    else if (await slugTaken(ctx.db, patch.slug, storyId)) problems.push({ field: 'slug', message: `"${patch.slug}" is already used by another story` });
    else changes.slug = patch.slug;
  }
  if (patch.format !== undefined) {
    if (patch.format === null) changes.format_id = null;
    else {
      const formats = await idsBySlugs(ctx.db, 'formats', [patch.format]);
      if (!formats.has(patch.format)) problems.push({ field: 'format', message: `no format "${patch.format}"` });
      changes.format_id = formats.get(patch.format) ?? null;
    }
  }
  const lookup = async (field: 'sections' | 'authors' | 'related' | 'tags', table: 'sections' | 'authors' | 'articles' | 'tags', slugs: string[] | undefined) => {
    if (!slugs) return undefined;
    const found = await idsBySlugs(ctx.db, table, slugs);
    slugs.forEach((slug, i) => {
      if (!found.has(slug)) problems.push({ field: `${field}.${i}`, message: `no ${table === 'articles' ? 'story' : table.slice(0, -1)} "${slug}"` });
    });
    return [...new Set(slugs.flatMap((slug) => (found.has(slug) ? [found.get(slug)!] : [])))];
  };
  const sections = await lookup('sections', 'sections', patch.sections);
  const authors = await lookup('authors', 'authors', patch.authors);
  const related = await lookup('related', 'articles', patch.related);
  const tags = await lookup('tags', 'tags', patch.tags);
  if (sections) links.article_sections = sections;
  if (authors) links.article_authors = authors;
  if (related) links.article_related = related.filter((id) => id !== storyId);
  if (tags) links.article_tags = tags;
  if (patch.new_tags?.length && !can(actor, 'tag.create')) throw forbidden('Your role cannot create tags.');

  let media: Resolved['media'] = null;
  let doc: DocumentNode | null = null;
  if (patch.body !== undefined) {
    doc = await bodyDocument(patch.body);
    changes.body = JSON.stringify(doc);
  }
  if (patch.image !== undefined || doc) {
    let imageId: number | null = null;
    const imageKey = patch.image !== undefined ? patch.image : current?.image ?? null;
    if (imageKey) {
      const [found] = await mediaByKeys(ctx.db, [imageKey]);
      if (!found) problems.push({ field: 'image', message: `no image "${imageKey}" in the media library` });
      imageId = found?.id ?? null;
    }
    if (patch.image !== undefined) changes.image_id = imageId;
    const bodyIds = doc ? documentMediaIds(doc) : current ? documentMediaIds(JSON.parse(current.body) as DocumentNode) : [];
    const known = new Set((await mediaByIds(ctx.db, bodyIds)).map((m) => m.id));
    bodyIds.forEach((id) => { if (!known.has(id)) problems.push({ field: 'body', message: `an image in the body (media ${id}) is not in the library` }); });
    media = { imageId, bodyIds };
  }
  if (problems.length) throw invalid(problems);
  return { changes, links, media };
}

async function newTagIds(trx: Db, patch: StoryPatch): Promise<number[]> {
  const ids: number[] = [];
  for (const tag of patch.new_tags ?? []) {
    const slug = slugify(tag.name);
    if (!slug) continue;
    ids.push(await findOrInsertTagRow(trx, { slug, name: tag.name, kind: tag.kind }));
  }
  return ids;
}

async function uniqueSlug(db: Db, title: string): Promise<string> {
  const base = slugify(title) || 'untitled-story';
  const stem = isReservedSlug(base) ? `${base}-story` : base;
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? stem : `${stem}-${n}`;
    if (!(await slugTaken(db, candidate, null))) return candidate;
  }
  throw new NewsroomError(409, 'SLUG_TAKEN', 'Could not find a free address for this headline.');
}

/** Revisions from the same person within ten minutes are one revision: autosave is not history. */
const COALESCE_MS = 10 * 60_000;

async function recordRevision(trx: Db, story: StoryRecord, actor: Actor, now: string): Promise<void> {
  const snapshot = JSON.stringify(snapshotOf(story));
  const latest = await trx.selectFrom('article_revisions').select(['id', 'staff_id', 'created_at']).where('article_id', '=', story.id)
    .orderBy('revision', 'desc').limit(1).executeTakeFirst();
  if (latest && latest.staff_id === staffIdOf(actor) && Date.parse(now) - Date.parse(latest.created_at) < COALESCE_MS) {
    await trx.updateTable('article_revisions').set({ snapshot, revision: story.revision }).where('id', '=', latest.id).execute();
    return;
  }
  await insertRevision(trx, { articleId: story.id, revision: story.revision, snapshot, staffId: staffIdOf(actor), now });
}

export async function createStory(ctx: EditorialContext, actor: Actor, patch: StoryPatch, at: Date): Promise<StoryRecord> {
  if (!can(actor, 'story.create')) throw forbidden();
  const now = at.toISOString();
  const title = patch.title ?? '';
  const { slug: requested, ...rest } = patch;
  const slug = requested ?? (await uniqueSlug(ctx.db, title));
  if (requested && (isReservedSlug(requested) || (await slugTaken(ctx.db, requested, null)))) {
    throw invalid([{ field: 'slug', message: `"${requested}" is ${isReservedSlug(requested) ? 'reserved' : 'already used by another story'}` }]);
  }
  const resolved = await resolvePatch(ctx, actor, rest, null, null);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const storyId = await insertStory(trx, { slug, title, body: JSON.stringify({ type: 'doc', content: [] }), createdBy: staffIdOf(actor), now });
    await applyResolved(trx, storyId, 1, resolved, patch, actor, now);
    const story = (await loadStory(trx, storyId))!;
    await recordRevision(trx, story, actor, now);
    await reindexArticles(trx, ctx.dialect, [storyId]);
    return storyId;
  });
  return (await loadStory(ctx.db, id))!;
}

async function applyResolved(trx: Db, id: number, revision: number, resolved: Resolved, patch: StoryPatch, actor: Actor, now: string): Promise<number> {
  const newRevision = await updateStoryRow(trx, id, revision, resolved.changes, staffIdOf(actor), now);
  if (newRevision === null) throw new NewsroomError(409, 'CONFLICT', 'Someone else saved this story first.');
  const created = await newTagIds(trx, patch);
  if (created.length) resolved.links.article_tags = [...new Set([...(resolved.links.article_tags ?? []), ...created])];
  for (const [table, ids] of Object.entries(resolved.links)) await replaceLinks(trx, table as keyof Resolved['links'], id, ids);
  if (resolved.media) await replaceStoryMedia(trx, id, [...(resolved.media.imageId ? [resolved.media.imageId] : []), ...resolved.media.bodyIds]);
  return newRevision;
}

function conflictError(current: StoryRecord): NewsroomError {
  const who = current.modified_by_name ?? 'someone';
  return new NewsroomError(409, 'CONFLICT',
    `This story was changed by ${who} at ${current.modified_at ?? 'an earlier time'} after you opened it. Nothing was saved; reload to see their version.`,
    { revision: current.revision, modified_by: current.modified_by_name, modified_at: current.modified_at });
}

export async function updateStory(ctx: EditorialContext, actor: Actor, id: number, patch: StoryPatch, at: Date): Promise<StoryRecord> {
  const current = await storyFor(ctx, actor, id, 'edit');
  const now = at.toISOString();
  const base = patch.revision ?? current.revision;
  if (base !== current.revision) throw conflictError(current);
  const { revision: _revision, ...fields } = patch;
  const resolved = await resolvePatch(ctx, actor, fields, id, current);
  const live = current.stage === 'published';
  await ctx.db.transaction().execute(async (trx) => {
    try {
      await applyResolved(trx, id, base, resolved, fields, actor, now);
    } catch (error) {
      if (error instanceof NewsroomError && error.code === 'CONFLICT') throw conflictError((await loadStory(ctx.db, id)) ?? current);
      throw error;
    }
    if (typeof resolved.changes.slug === 'string' && resolved.changes.slug !== current.slug && current.published_at) {
      await recordSlugChange(trx, id, current.slug, resolved.changes.slug);
    }
    const saved = (await loadStory(trx, id))!;
    await recordRevision(trx, saved, actor, now);
    await reindexArticles(trx, ctx.dialect, [id]);
    if (live) {
      await bumpContentVersion(trx);
      await ctx.events.updated(trx, saved, now);
    }
    if ('unpublish_at' in resolved.changes && (live || current.stage === 'scheduled')) {
      await ctx.events.unpublishAt(trx, saved, saved.unpublish_at);
    }
  });
  return (await loadStory(ctx.db, id))!;
}

export async function checklistFor(ctx: EditorialContext, story: StoryRecord): Promise<Checklist> {
  const doc = parseDocument(JSON.parse(story.body));
  const bodyIds = documentMediaIds(doc);
  const [lead] = story.image ? await mediaByKeys(ctx.db, [story.image]) : [];
  const bodyImages = await mediaByIds(ctx.db, bodyIds);
  return checkStory({
    title: story.title, hasFormat: story.format !== null, sectionCount: story.sections.length,
    bodyHasText: documentText(doc).trim().length > 0, leadImage: lead ? { alt: lead.alt, credit: lead.credit } : null,
    bodyImages: bodyImages.map((m) => ({ key: m.key, alt: m.alt })), dek: story.dek, tagCount: story.tags.length, excerpt: story.excerpt,
  });
}

export async function moveStory(ctx: EditorialContext, actor: Actor, id: number, input: { move: Move; publish_at?: string; revision?: number }, at: Date): Promise<StoryRecord> {
  const rule = MOVES[input.move];
  const current = await storyFor(ctx, actor, id, rule.action);
  const now = at.toISOString();
  if (input.revision !== undefined && input.revision !== current.revision) throw conflictError(current);
  if (!moveAllowedFrom(input.move, current.stage)) {
    throw new NewsroomError(409, 'INVALID_MOVE', `A story that is ${current.stage} cannot be moved with "${rule.label}".`);
  }
  if (needsChecklist(input.move)) {
    const checklist = await checklistFor(ctx, current);
    if (!checklist.ready) {
      const missing = checklist.required.filter((item) => !item.ok).map((item) => item.label);
      throw new NewsroomError(422, 'CHECKLIST', `Before this story can go live it needs: ${missing.join('; ')}.`, { missing });
    }
  }
  let publishAt: string | null = null;
  if (input.move === 'schedule') {
    if (!input.publish_at) throw invalid([{ field: 'publish_at', message: 'a scheduled story needs a date and time' }]);
    if (input.publish_at <= now) throw invalid([{ field: 'publish_at', message: 'must be in the future' }]);
    publishAt = input.publish_at;
  }
  const stage = rule.to;
  const changes: Record<string, unknown> = { stage, status: liveStatus(stage), publish_at: publishAt };
  if (input.move === 'publish') changes.published_at = current.published_at ?? now;
  if (input.move === 'schedule') changes.published_at = null;
  if (input.move === 'schedule' && current.published_at) changes.published_at = current.published_at;
  await ctx.db.transaction().execute(async (trx) => {
    const revision = await updateStoryRow(trx, id, current.revision, changes, staffIdOf(actor), now);
    if (revision === null) throw conflictError((await loadStory(ctx.db, id)) ?? current);
    const saved = (await loadStory(trx, id))!;
    const events = ctx.events;
    if (current.stage === 'published' || stage === 'published') await bumpContentVersion(trx);
    if (input.move === 'publish') await events.published(trx, saved, now);
    if (input.move === 'unpublish') {
      await events.unpublished(trx, saved, now);
      await events.unpublishAt(trx, saved, null);
    }
    if (input.move === 'schedule') await events.publishAt(trx, saved, publishAt!);
    else if (current.stage === 'scheduled') await events.publishAt(trx, saved, null);
    if (saved.unpublish_at && (stage === 'published' || stage === 'scheduled')) await events.unpublishAt(trx, saved, saved.unpublish_at);
  });
  return (await loadStory(ctx.db, id))!;
}

/**
 * The scheduled publish, run by the jobs worker at its minute. One conditional update:
 * if the story is still scheduled for that exact time it goes live, otherwise (already
 * published by another run, unscheduled, moved) nothing happens. That makes the job safe
 * to run twice, which is what a crashed worker's retry may do.
 */
export async function publishScheduled(ctx: EditorialContext, articleId: number, publishAt: string, at: Date): Promise<boolean> {
  const now = at.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('articles')
      .set((eb) => ({ stage: 'published', status: 'published', published_at: eb.fn.coalesce('published_at', eb.val(publishAt)), publish_at: null, modified_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', articleId).where('stage', '=', 'scheduled').where('publish_at', '=', publishAt)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await bumpContentVersion(trx);
    const story = (await loadStory(trx, articleId))!;
    await ctx.events.published(trx, story, now);
    return true;
  });
}

/** The scheduled unpublish: only if the story is live and still due to come down then. */
export async function unpublishScheduled(ctx: EditorialContext, articleId: number, unpublishAt: string, at: Date): Promise<boolean> {
  const now = at.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('articles')
      .set((eb) => ({ stage: 'unpublished', status: 'draft', unpublish_at: null, modified_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', articleId).where('stage', '=', 'published').where('unpublish_at', '=', unpublishAt)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await bumpContentVersion(trx);
    await ctx.events.unpublished(trx, (await loadStory(trx, articleId))!, now);
    return true;
  });
}

/** An update or correction note on a published story: dated, shown on the page, in feeds. */
export async function addPublicNote(ctx: EditorialContext, actor: Actor, id: number, note: z.infer<typeof NoteSchema>, at: Date): Promise<StoryRecord> {
  const current = await storyFor(ctx, actor, id, 'addNote');
  if (!current.published_at) throw new NewsroomError(409, 'NOT_PUBLISHED', 'Update and correction notes are for stories that have been published.');
  const now = at.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await insertNote(trx, { articleId: id, kind: note.kind, note: note.note, at: now });
    await updateStoryRow(trx, id, current.revision, { updated_at: now }, staffIdOf(actor), now);
    await bumpContentVersion(trx);
    await ctx.events.updated(trx, (await loadStory(trx, id))!, now);
  });
  return (await loadStory(ctx.db, id))!;
}

export async function removeStory(ctx: EditorialContext, actor: Actor, id: number): Promise<void> {
  const current = await storyFor(ctx, actor, id, 'delete');
  await ctx.db.transaction().execute(async (trx) => {
    if (current.stage === 'published') {
      await ctx.events.unpublished(trx, current, new Date().toISOString());
      await bumpContentVersion(trx);
    }
    if (current.stage === 'scheduled') await ctx.events.publishAt(trx, current, null);
    if (current.unpublish_at) await ctx.events.unpublishAt(trx, current, null);
    await deleteStory(trx, id);
    await reindexArticles(trx, ctx.dialect, [id]);
  });
}

/** Puts an earlier version back as a new revision: history is never rewritten. */
export async function restoreRevision(ctx: EditorialContext, actor: Actor, id: number, revisionId: number, at: Date): Promise<StoryRecord> {
  const current = await storyFor(ctx, actor, id, 'restore');
  const row = await ctx.db.selectFrom('article_revisions').select('snapshot').where('article_id', '=', id).where('id', '=', revisionId).executeTakeFirst();
  if (!row) throw notFound('revision');
  const snapshot = JSON.parse(row.snapshot) as StorySnapshot;
  return updateStory(ctx, actor, id, {
    title: snapshot.title, dek: snapshot.dek, slug: snapshot.slug, format: snapshot.format, sections: snapshot.sections,
    tags: snapshot.tags, authors: snapshot.authors, image: snapshot.image, body: { ...parseDocument(snapshot.body) },
    excerpt: snapshot.excerpt, seo_title: snapshot.seo_title, seo_description: snapshot.seo_description, related: snapshot.related,
    revision: current.revision,
  }, at);
}
