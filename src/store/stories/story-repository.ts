import { sql, type Transaction } from 'kysely';
import type { ArticleStage, Tables } from '../schema.js';
import type { Db } from '../store.js';
import { escapeLike } from '../like-pattern.js';
import { rootPathRedirected, upsertRedirects } from '../redirects/redirect-repository.js';
import { linkedTo } from './story-filters.js';

// The newsroom's view of stories: lists with filters, one story with every editable
// field (by the bundle's keys: slugs and media keys), and the writes behind a save.
// Every write bumps the story's revision; a write naming an older revision changes
// nothing and reports the conflict.

type Trx = Transaction<Tables> | Db;

export interface StoryRecord {
  id: number;
  slug: string;
  title: string;
  dek: string;
  excerpt: string;
  /** The stored document as JSON text. */
  body: string;
  format: string | null;
  sections: string[];
  tags: Array<{ slug: string; name: string; kind: string }>;
  authors: string[];
  image: string | null;
  /** The story's own text for its lead image (null keeps the library's; content/lead-image-text.ts). */
  image_alt: string | null;
  image_caption: string | null;
  image_credit: string | null;
  related: string[];
  stage: ArticleStage;
  status: 'draft' | 'published';
  publish_at: string | null;
  unpublish_at: string | null;
  published_at: string | null;
  updated_at: string | null;
  seo_title: string;
  seo_description: string;
  revision: number;
  created_by: number | null;
  created_at: string;
  modified_at: string | null;
  modified_by: number | null;
  modified_by_name: string | null;
}

export async function loadStory(db: Trx, id: number): Promise<StoryRecord | undefined> {
  const row = await db
    .selectFrom('articles')
    .leftJoin('formats', 'formats.id', 'articles.format_id')
    .leftJoin('media', 'media.id', 'articles.image_id')
    .leftJoin('staff', 'staff.id', 'articles.modified_by')
    .select([
      'articles.id',
      'articles.slug',
      'articles.title',
      'articles.dek',
      'articles.excerpt',
      'articles.body',
      'formats.slug as format',
      'media.key as image',
      'articles.image_alt',
      'articles.image_caption',
      'articles.image_credit',
      'articles.stage',
      'articles.status',
      'articles.publish_at',
      'articles.unpublish_at',
      'articles.published_at',
      'articles.updated_at',
      'articles.seo_title',
      'articles.seo_description',
      'articles.revision',
      'articles.created_by',
      'articles.created_at',
      'articles.modified_at',
      'articles.modified_by',
      'staff.name as modified_by_name',
    ])
    .where('articles.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const [sections, tags, authors, related] = await Promise.all([
    db
      .selectFrom('article_sections')
      .innerJoin('sections', 'sections.id', 'article_sections.section_id')
      .select('sections.slug')
      .where('article_id', '=', id)
      .orderBy('article_sections.position')
      .execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['tags.slug', 'tags.name', 'tags.kind'])
      .where('article_id', '=', id)
      .orderBy('article_tags.position')
      .execute(),
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select('authors.slug')
      .where('article_id', '=', id)
      .orderBy('article_authors.position')
      .execute(),
    db
      .selectFrom('article_related')
      .innerJoin('articles', 'articles.id', 'article_related.related_id')
      .select('articles.slug')
      .where('article_related.article_id', '=', id)
      .orderBy('article_related.position')
      .execute(),
  ]);
  return {
    ...row,
    sections: sections.map((s) => s.slug),
    tags,
    authors: authors.map((a) => a.slug),
    related: related.map((r) => r.slug),
  };
}

export interface StoryListFilter {
  stage?: ArticleStage;
  sectionSlug?: string;
  authorSlug?: string;
  /** Only stories this staff member created (contributors and authors see their own). */
  createdBy?: number;
  /** Case-insensitive substring of the headline or slug… */
  text?: string;
  /** …or one of these stories (the full-text search's answer for the same text). */
  textMatchIds?: number[];
  sort: 'modified' | 'published' | 'title';
  limit: number;
  offset: number;
}

export async function listStories(db: Db, filter: StoryListFilter) {
  let query = db.selectFrom('articles').leftJoin('staff', 'staff.id', 'articles.created_by');
  if (filter.stage) query = query.where('articles.stage', '=', filter.stage);
  if (filter.createdBy !== undefined) query = query.where('articles.created_by', '=', filter.createdBy);
  if (filter.sectionSlug) query = query.where(linkedTo('section', filter.sectionSlug));
  if (filter.authorSlug) query = query.where(linkedTo('author', filter.authorSlug));
  if (filter.text) {
    const pattern = escapeLike(filter.text);
    const matchedIds = filter.textMatchIds ?? [];
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(articles.title)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(articles.slug)`, 'like', sql`${pattern} escape '\\'`),
        ...(matchedIds.length ? [eb('articles.id', 'in', matchedIds)] : []),
      ]),
    );
  }
  const order =
    filter.sort === 'title'
      ? ([['articles.title', 'asc']] as const)
      : filter.sort === 'published'
        ? ([['articles.published_at', 'desc']] as const)
        : ([['articles.modified_at', 'desc']] as const);
  const [rows, total] = await Promise.all([
    query
      .select([
        'articles.id',
        'articles.slug',
        'articles.title',
        'articles.stage',
        'articles.publish_at',
        'articles.published_at',
        'articles.modified_at',
        'articles.created_at',
        'staff.name as created_by_name',
      ])
      .orderBy(order[0][0], order[0][1])
      .orderBy('articles.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function countStoriesByStage(db: Db, createdBy?: number) {
  let query = db
    .selectFrom('articles')
    .select(['stage', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('stage');
  if (createdBy !== undefined) query = query.where('created_by', '=', createdBy);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.stage, Number(r.n)]));
}

export interface StoryReferences {
  formatId: number | null;
  sectionIds: number[];
  tagIds: number[];
  authorIds: number[];
  imageId: number | null;
  relatedIds: number[];
  /** Media ids used by the body (images), for the article_media table. */
  bodyMediaIds: number[];
}

export async function insertStory(
  trx: Trx,
  values: {
    slug: string;
    title: string;
    body: string;
    createdBy: number | null;
    now: string;
  },
): Promise<number> {
  const row = await trx
    .insertInto('articles')
    .values({
      slug: values.slug,
      title: values.title,
      dek: '',
      excerpt: '',
      body: values.body,
      status: 'draft',
      stage: 'draft',
      created_at: values.now,
      modified_at: values.now,
      created_by: values.createdBy,
      modified_by: values.createdBy,
      published_at: null,
      updated_at: null,
      format_id: null,
      image_id: null,
      publish_at: null,
      unpublish_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Applies a change if the story is still at `expectedRevision`; returns the new revision
 * or null when someone else saved first (nothing is written then).
 */
export async function updateStoryRow(
  trx: Trx,
  id: number,
  expectedRevision: number,
  changes: Record<string, unknown>,
  by: number | null,
  now: string,
): Promise<number | null> {
  const result = await trx
    .updateTable('articles')
    .set({ ...changes, revision: sql`revision + 1`, modified_at: now, modified_by: by })
    .where('id', '=', id)
    .where('revision', '=', expectedRevision)
    .returning('revision')
    .executeTakeFirst();
  return result?.revision ?? null;
}

type LinkTable = 'article_sections' | 'article_tags' | 'article_authors' | 'article_related';
const LINK_COLUMN = {
  article_sections: 'section_id',
  article_tags: 'tag_id',
  article_authors: 'author_id',
  article_related: 'related_id',
} as const;

/** Replaces one ordered link list of a story. */
export async function replaceLinks(trx: Trx, table: LinkTable, articleId: number, ids: number[]): Promise<void> {
  await trx.deleteFrom(table).where('article_id', '=', articleId).execute();
  if (!ids.length) return;
  const column = LINK_COLUMN[table];
  await trx
    .insertInto(table)
    .values(ids.map((id, position) => ({ article_id: articleId, [column]: id, position })))
    .execute();
}

export async function replaceStoryMedia(trx: Trx, articleId: number, mediaIds: number[]): Promise<void> {
  await trx.deleteFrom('article_media').where('article_id', '=', articleId).execute();
  const unique = [...new Set(mediaIds)];
  if (unique.length)
    await trx
      .insertInto('article_media')
      .values(unique.map((media_id) => ({ article_id: articleId, media_id })))
      .execute();
}

/** A slug is taken by another story, or by a working redirect at "/{slug}" that is not this story's own. */
export async function slugTaken(db: Trx, slug: string, exceptId: number | null): Promise<boolean> {
  let query = db.selectFrom('articles').select('id').where('slug', '=', slug);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) return true;
  // Stories and static pages share /{slug}: a story there would hide the page.
  if (await db.selectFrom('pages').select('id').where('slug', '=', slug).executeTakeFirst()) return true;
  return rootPathRedirected(db, slug, exceptId === null ? null : { kind: 'story', id: exceptId });
}

/**
 * The old slug keeps answering with a 301 to the story (SPEC §4), as an exact rule in the
 * redirect table. A rule at the new slug can only be the story's own (or one whose target
 * is gone, slugTaken allowed it): the story itself answers there now.
 */
export async function recordSlugChange(trx: Trx, articleId: number, oldSlug: string, newSlug: string): Promise<void> {
  await trx.deleteFrom('redirects').where('from_path', '=', `/${newSlug}`).where('match', '=', 'exact').execute();
  await upsertRedirects(trx, [
    {
      from_path: `/${oldSlug}`,
      match: 'exact',
      target_kind: 'story',
      target_id: articleId,
      target_url: null,
      status: 301,
      origin: 'slug-change',
    },
  ]);
}

/** Stories by slug, with what the policy needs to tell who may know they exist (a draft is private). */
export async function storyRefsBySlugs(
  db: Trx,
  slugs: string[],
): Promise<Map<string, { id: number; createdBy: number | null; stage: ArticleStage }>> {
  if (!slugs.length) return new Map();
  const rows = await db.selectFrom('articles').select(['id', 'slug', 'created_by', 'stage']).where('slug', 'in', slugs).execute();
  return new Map(rows.map((r) => [r.slug, { id: r.id, createdBy: r.created_by, stage: r.stage }]));
}

export async function idsBySlugs(
  db: Trx,
  table: 'sections' | 'tags' | 'authors' | 'articles' | 'formats',
  slugs: string[],
): Promise<Map<string, number>> {
  if (!slugs.length) return new Map();
  const rows = await db.selectFrom(table).select(['id', 'slug']).where('slug', 'in', slugs).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

export async function mediaByKeys(db: Trx, keys: string[]) {
  if (!keys.length) return [];
  return db.selectFrom('media').select(['id', 'key', 'alt', 'credit', 'status']).where('key', 'in', keys).execute();
}

export async function mediaByIds(db: Trx, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('media').select(['id', 'key', 'alt', 'credit', 'status']).where('id', 'in', ids).execute();
}

export async function insertRevision(
  trx: Trx,
  revision: { articleId: number; revision: number; snapshot: string; staffId: number | null; now: string },
): Promise<void> {
  await trx
    .insertInto('article_revisions')
    .values({
      article_id: revision.articleId,
      revision: revision.revision,
      snapshot: revision.snapshot,
      staff_id: revision.staffId,
      created_at: revision.now,
    })
    .execute();
}

export async function listRevisions(db: Db, articleId: number) {
  return db
    .selectFrom('article_revisions')
    .leftJoin('staff', 'staff.id', 'article_revisions.staff_id')
    .select([
      'article_revisions.id',
      'article_revisions.revision',
      'article_revisions.created_at',
      'article_revisions.last_saved_at',
      'article_revisions.snapshot',
      'staff.name as staff_name',
    ])
    .where('article_id', '=', articleId)
    .orderBy('article_revisions.revision', 'desc')
    .limit(100)
    .execute();
}

export async function insertNote(
  trx: Trx,
  note: { articleId: number; kind: 'update' | 'correction'; note: string; at: string },
): Promise<void> {
  await trx.insertInto('article_notes').values({ article_id: note.articleId, kind: note.kind, note: note.note, at: note.at }).execute();
}

export async function listInternalNotes(db: Db, articleId: number) {
  return db
    .selectFrom('article_internal_notes')
    .leftJoin('staff', 'staff.id', 'article_internal_notes.staff_id')
    .select(['article_internal_notes.id', 'article_internal_notes.body', 'article_internal_notes.created_at', 'staff.name as staff_name'])
    .where('article_id', '=', articleId)
    .orderBy('article_internal_notes.created_at')
    .orderBy('article_internal_notes.id')
    .execute();
}

export async function insertInternalNote(db: Db, note: { articleId: number; staffId: number; body: string; now: string }): Promise<void> {
  await db
    .insertInto('article_internal_notes')
    .values({ article_id: note.articleId, staff_id: note.staffId, body: note.body, created_at: note.now })
    .execute();
}

export async function deleteStory(trx: Trx, id: number): Promise<void> {
  await trx.deleteFrom('articles').where('id', '=', id).execute();
}

export async function latestRevision(trx: Trx, articleId: number) {
  return trx
    .selectFrom('article_revisions')
    .select(['id', 'staff_id', 'created_at'])
    .where('article_id', '=', articleId)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Rewrites a revision in place (autosaves from one person close together are one revision). */
export async function overwriteRevision(
  trx: Trx,
  id: number,
  values: { snapshot: string; revision: number; last_saved_at: string },
): Promise<void> {
  await trx.updateTable('article_revisions').set(values).where('id', '=', id).execute();
}

export async function revisionSnapshot(db: Trx, articleId: number, revisionId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('article_revisions')
    .select('snapshot')
    .where('article_id', '=', articleId)
    .where('id', '=', revisionId)
    .executeTakeFirst();
  return row?.snapshot;
}

/** Publishes the story only if it is still scheduled for exactly `publishAt`; true when it did. */
export async function publishIfStillScheduled(trx: Trx, articleId: number, publishAt: string, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('articles')
    .set((eb) => ({
      stage: 'published',
      status: 'published',
      published_at: eb.fn.coalesce('published_at', eb.val(publishAt)),
      publish_at: null,
      modified_at: now,
      revision: eb('revision', '+', 1),
    }))
    .where('id', '=', articleId)
    .where('stage', '=', 'scheduled')
    .where('publish_at', '=', publishAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Takes the story down only if it is live and still due to come down at `unpublishAt`. */
export async function unpublishIfStillDue(trx: Trx, articleId: number, unpublishAt: string, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('articles')
    .set((eb) => ({ stage: 'unpublished', status: 'draft', unpublish_at: null, modified_at: now, revision: eb('revision', '+', 1) }))
    .where('id', '=', articleId)
    .where('stage', '=', 'published')
    .where('unpublish_at', '=', unpublishAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The slug of an author profile, for a staff member's own byline. */
export async function authorSlugById(db: Trx, authorId: number): Promise<string | undefined> {
  return (await db.selectFrom('authors').select('slug').where('id', '=', authorId).executeTakeFirst())?.slug;
}
