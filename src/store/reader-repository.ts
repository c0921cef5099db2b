import { sql, type Selectable } from 'kysely';
import type { Db } from './store.js';
import type { ArticleTable, AuthorTable, MediaTable, SectionTable } from './schema.js';

// The queries behind the reader site. A story is visible to readers when it is published
// and its publication time has come. Lists fetch ids first, then load every card in a
// fixed number of queries, whatever the page size.

export type Listing = { by: 'section' | 'tag' | 'author'; id: number } | { by: 'all' };

type CardColumn = 'slug' | 'title' | 'dek' | 'excerpt' | 'format_id' | 'image_id' | 'status' | 'published_at' | 'updated_at' | 'created_at';

export interface CardRecord {
  article: Pick<ArticleTable, CardColumn> & { id: number };
  sections: Array<Pick<SectionTable, 'slug' | 'name'> & { id: number }>;
  authors: Array<Pick<AuthorTable, 'slug' | 'name'>>;
  image: Selectable<MediaTable> | null;
  /** The stored document as JSON text, for excerpts that fall back to the first paragraph. */
  body: string;
}

export async function contentVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('publication').select('content_version').where('id', '=', 1).executeTakeFirst();
  return row?.content_version ?? 0;
}

export async function loadSiteBasics(db: Db) {
  const [publication, sections, formats] = await Promise.all([
    db.selectFrom('publication').selectAll().where('id', '=', 1).executeTakeFirst(),
    db.selectFrom('sections').selectAll().orderBy('position').orderBy('id').execute(),
    db.selectFrom('formats').selectAll().execute(),
  ]);
  return { publication, sections, formats };
}

export async function findArticleById(db: Db, id: number) {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findVisibleArticle(db: Db, slug: string, now: string) {
  return db.selectFrom('articles').selectAll().where('slug', '=', slug).where('articles.status', '=', 'published').where('articles.published_at', '<=', now).executeTakeFirst();
}

export async function findRedirectTarget(db: Db, oldSlug: string, now: string): Promise<string | undefined> {
  const row = await db.selectFrom('slug_redirects').innerJoin('articles', 'articles.id', 'slug_redirects.article_id')
    .select('articles.slug').where('slug_redirects.old_slug', '=', oldSlug).where('articles.status', '=', 'published').where('articles.published_at', '<=', now).executeTakeFirst();
  return row?.slug;
}

export async function findTag(db: Db, slug: string) {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findAuthor(db: Db, slug: string) {
  return db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findMediaById(db: Db, id: number) {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The media rows with these ids, in one query (a story body's images). */
export async function findMediaByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('media').selectAll().where('id', 'in', [...ids]).execute();
}

/** Newest first, one page of ids plus the total for pagination. */
export async function listVisibleIds(db: Db, listing: Listing, { limit, offset, now, total: withTotal = true }:
  { limit: number; offset: number; now: string; /** false skips the count query for lists without pagination */ total?: boolean }) {
  let query = db.selectFrom('articles').where('articles.status', '=', 'published').where('articles.published_at', '<=', now);
  if (listing.by === 'section') {
    query = query.innerJoin('article_sections as link', 'link.article_id', 'articles.id').where('link.section_id', '=', listing.id);
  } else if (listing.by === 'tag') {
    query = query.innerJoin('article_tags as link', 'link.article_id', 'articles.id').where('link.tag_id', '=', listing.id);
  } else if (listing.by === 'author') {
    query = query.innerJoin('article_authors as link', 'link.article_id', 'articles.id').where('link.author_id', '=', listing.id);
  }
  const [rows, total] = await Promise.all([
    query.select('articles.id').orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).offset(offset).execute(),
    withTotal ? query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() : null,
  ]);
  return { ids: rows.map((r) => r.id), total: total ? Number(total.n) : rows.length };
}

/** Cards for the given ids, in the given order; ids that are not visible are left out. */
export async function loadCards(db: Db, ids: number[], now: string, { unpublishedId }: {
  /** A story loaded even though readers cannot see it yet: the one a private preview shows. */
  unpublishedId?: number;
} = {}): Promise<CardRecord[]> {
  if (!ids.length) return [];
  const [articles, sections, authors] = await Promise.all([
    db.selectFrom('articles').select(['id', 'slug', 'title', 'dek', 'excerpt', 'body', 'format_id', 'image_id', 'status', 'published_at', 'updated_at', 'created_at'])
      .where('id', 'in', ids)
      .where((eb) => {
        const visible = eb.and([eb('status', '=', 'published'), eb('published_at', '<=', now)]);
        return unpublishedId === undefined ? visible : eb.or([visible, eb('id', '=', unpublishedId)]);
      }).execute(),
    db.selectFrom('article_sections').innerJoin('sections', 'sections.id', 'article_sections.section_id')
      .select(['article_sections.article_id', 'sections.id', 'sections.slug', 'sections.name'])
      .where('article_sections.article_id', 'in', ids).orderBy('article_sections.position').execute(),
    db.selectFrom('article_authors').innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select(['article_authors.article_id', 'authors.slug', 'authors.name'])
      .where('article_authors.article_id', 'in', ids).orderBy('article_authors.position').execute(),
  ]);
  const imageIds = [...new Set(articles.flatMap((a) => (a.image_id ? [a.image_id] : [])))];
  const media = imageIds.length ? await db.selectFrom('media').selectAll().where('id', 'in', imageIds).execute() : [];
  const byId = new Map(articles.map((a) => [a.id, a]));
  const mediaById = new Map(media.map((m) => [m.id, m]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { body, ...article } = row;
    return [{
      article,
      body,
      sections: sections.filter((s) => s.article_id === id).map(({ id: sid, slug, name }) => ({ id: sid, slug, name })),
      authors: authors.filter((a) => a.article_id === id).map(({ slug, name }) => ({ slug, name })),
      image: (article.image_id && mediaById.get(article.image_id)) || null,
    }];
  });
}

/** Dated update and correction notes, oldest first. */
export async function loadNotes(db: Db, articleId: number) {
  return db.selectFrom('article_notes').select(['kind', 'at', 'note']).where('article_id', '=', articleId).orderBy('at').orderBy('id').execute();
}

export async function loadArticleExtras(db: Db, articleId: number) {
  const [sections, tags, notes, related] = await Promise.all([
    db.selectFrom('article_sections').select('section_id').where('article_id', '=', articleId).orderBy('position').execute(),
    db.selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['tags.slug', 'tags.name', 'tags.kind']).where('article_tags.article_id', '=', articleId)
      .orderBy('article_tags.position').execute(),
    loadNotes(db, articleId),
    db.selectFrom('article_related').select('related_id').where('article_id', '=', articleId).orderBy('position').execute(),
  ]);
  return { sectionIds: sections.map((s) => s.section_id), tags, notes, manualRelatedIds: related.map((r) => r.related_id) };
}

/**
 * Automatic related stories: most shared tags first, then the same primary section, then
 * the newest; never the story itself or one already picked.
 */
export async function autoRelatedIds(db: Db, { articleId, sectionId, exclude, limit, now }:
  { articleId: number; sectionId: number | null; exclude: number[]; limit: number; now: string }): Promise<number[]> {
  const skip = [articleId, ...exclude];
  const picked: number[] = [];
  const byTags = await db.selectFrom('article_tags as mine')
    .innerJoin('article_tags as theirs', 'theirs.tag_id', 'mine.tag_id')
    .innerJoin('articles', 'articles.id', 'theirs.article_id')
    .select(['articles.id', sql<number>`count(*)`.as('shared')])
    .where('mine.article_id', '=', articleId).where('articles.id', 'not in', skip).where('articles.status', '=', 'published').where('articles.published_at', '<=', now)
    .groupBy(['articles.id', 'articles.published_at'])
    .orderBy('shared', 'desc').orderBy('articles.published_at', 'desc').limit(limit).execute();
  picked.push(...byTags.map((r) => r.id));
  if (picked.length < limit && sectionId !== null) {
    const bySection = await db.selectFrom('articles').innerJoin('article_sections', 'article_sections.article_id', 'articles.id')
      .select('articles.id').where('article_sections.section_id', '=', sectionId).where('articles.id', 'not in', [...skip, ...picked])
      .where('articles.status', '=', 'published').where('articles.published_at', '<=', now).orderBy('articles.published_at', 'desc').limit(limit - picked.length).execute();
    picked.push(...bySection.map((r) => r.id));
  }
  if (picked.length < limit) {
    const newest = await db.selectFrom('articles').select('id').where('id', 'not in', [...skip, ...picked])
      .where('status', '=', 'published').where('published_at', '<=', now).orderBy('published_at', 'desc').limit(limit - picked.length).execute();
    picked.push(...newest.map((r) => r.id));
  }
  return picked;
}
