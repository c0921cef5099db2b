import { sql } from 'kysely';
import type { Db } from '../store.js';

// One story as a reader's page reads it: by slug or id, an old slug's redirect, its
// notes, tags and related stories.

export async function findArticleById(db: Db, id: number) {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findVisibleArticle(db: Db, slug: string, now: string) {
  return db
    .selectFrom('articles')
    .selectAll()
    .where('slug', '=', slug)
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .executeTakeFirst();
}

/**
 * The live story an old slug's exact rule names (the redirect table, migration 0005);
 * any other rule at that path is the reader site's 404 path's to answer.
 */
export async function findRedirectTarget(db: Db, oldSlug: string, now: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('redirects')
    .innerJoin('articles', 'articles.id', 'redirects.target_id')
    .select('articles.slug')
    .where('redirects.from_path', '=', `/${oldSlug}`)
    .where('redirects.match', '=', 'exact')
    .where('redirects.target_kind', '=', 'story')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .executeTakeFirst();
  return row?.slug;
}

/** Dated update and correction notes, oldest first. */
export async function loadNotes(db: Db, articleId: number) {
  return db
    .selectFrom('article_notes')
    .select(['kind', 'at', 'note'])
    .where('article_id', '=', articleId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function loadArticleExtras(db: Db, articleId: number) {
  const [sections, tags, notes, related] = await Promise.all([
    db.selectFrom('article_sections').select('section_id').where('article_id', '=', articleId).orderBy('position').execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['tags.slug', 'tags.name', 'tags.kind'])
      .where('article_tags.article_id', '=', articleId)
      .orderBy('article_tags.position')
      .execute(),
    loadNotes(db, articleId),
    db.selectFrom('article_related').select('related_id').where('article_id', '=', articleId).orderBy('position').execute(),
  ]);
  return { sectionIds: sections.map((s) => s.section_id), tags, notes, manualRelatedIds: related.map((r) => r.related_id) };
}

/**
 * Automatic related stories: most shared tags first, then the same primary section, then
 * the newest; never the story itself or one already picked.
 */
export async function autoRelatedIds(
  db: Db,
  {
    articleId,
    sectionId,
    exclude,
    limit,
    now,
  }: { articleId: number; sectionId: number | null; exclude: number[]; limit: number; now: string },
): Promise<number[]> {
  const skip = [articleId, ...exclude];
  const picked: number[] = [];
  const byTags = await db
    .selectFrom('article_tags as mine')
    .innerJoin('article_tags as theirs', 'theirs.tag_id', 'mine.tag_id')
    .innerJoin('articles', 'articles.id', 'theirs.article_id')
    .select(['articles.id', sql<number>`count(*)`.as('shared')])
    .where('mine.article_id', '=', articleId)
    .where('articles.id', 'not in', skip)
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .groupBy(['articles.id', 'articles.published_at'])
    .orderBy('shared', 'desc')
    .orderBy('articles.published_at', 'desc')
    .limit(limit)
    .execute();
  picked.push(...byTags.map((r) => r.id));
  if (picked.length < limit && sectionId !== null) {
    const bySection = await db
      .selectFrom('articles')
      .innerJoin('article_sections', 'article_sections.article_id', 'articles.id')
      .select('articles.id')
      .where('article_sections.section_id', '=', sectionId)
      .where('articles.id', 'not in', [...skip, ...picked])
      .where('articles.status', '=', 'published')
      .where('articles.published_at', '<=', now)
      .orderBy('articles.published_at', 'desc')
      .limit(limit - picked.length)
      .execute();
    picked.push(...bySection.map((r) => r.id));
  }
  if (picked.length < limit) {
    const newest = await db
      .selectFrom('articles')
      .select('id')
      .where('id', 'not in', [...skip, ...picked])
      .where('status', '=', 'published')
      .where('published_at', '<=', now)
      .orderBy('published_at', 'desc')
      .limit(limit - picked.length)
      .execute();
    picked.push(...newest.map((r) => r.id));
  }
  return picked;
}
