import { sql } from 'kysely';
import type { Db } from '../store.js';
import { rankAutoRelated, visibleAutoRelatedIds } from './auto-related.js';

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
  const [ordered, tags, notes] = await Promise.all([
    // Sections and manual related picks are both ordered id lists: one query for the two.
    db
      .selectFrom('article_sections')
      .select([sql<'section' | 'related'>`'section'`.as('list'), 'section_id as id', 'position'])
      .where('article_id', '=', articleId)
      .unionAll(
        db
          .selectFrom('article_related')
          .select([sql<'section' | 'related'>`'related'`.as('list'), 'related_id as id', 'position'])
          .where('article_id', '=', articleId),
      )
      .orderBy('list')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['tags.slug', 'tags.name', 'tags.kind'])
      .where('article_tags.article_id', '=', articleId)
      .orderBy('article_tags.position')
      .execute(),
    loadNotes(db, articleId),
  ]);
  const idsOf = (list: 'section' | 'related') => ordered.filter((r) => r.list === list).map((r) => Number(r.id));
  return { sectionIds: idsOf('section'), tags, notes, manualRelatedIds: idsOf('related') };
}

/**
 * Automatic related stories readers may see, best first, leaving out the manual picks:
 * read from the ranking stored on write (auto-related.ts). A story never ranked (one just
 * created, or written by a path that does not rank) is ranked on the spot, unstored; the
 * page then keeps the visible ones.
 */
export async function autoRelatedIds(
  db: Db,
  { articleId, exclude, limit, now }: { articleId: number; exclude: number[]; limit: number; now: string },
): Promise<number[]> {
  const stored = await visibleAutoRelatedIds(db, { articleId, exclude, limit, now });
  if (stored.length >= limit) return stored;
  const ranked = await db.selectFrom('article_auto_related').select('related_id').where('article_id', '=', articleId).limit(1).execute();
  if (ranked.length) return stored;
  return (await rankAutoRelated(db, articleId)).filter((id) => !exclude.includes(id));
}
