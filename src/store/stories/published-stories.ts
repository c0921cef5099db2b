import { sql } from 'kysely';
import type { Db } from '../store.js';
import { ownImageTextOf, withOwnImageText } from '../../content/lead-image-text.js';
import { publicMediaByIds } from '../media/media-lookup.js';
import { linkedTo } from './story-filters.js';
import { loadStoryLinks } from './story-links.js';

// Published stories as the read-only content API reads them. Only what readers can see:
// a story is visible when it is published and its publication time has come, exactly as
// on the site (story-cards.ts). Drafts, scheduled and unpublished stories never match, by
// list or by slug. Lists fetch one page of ids, then every part in a fixed number of queries.

export interface PublishedFilter {
  sectionSlug?: string;
  tagSlug?: string;
  authorSlug?: string;
  limit: number;
  offset: number;
  now: string;
}

export async function listPublishedIds(db: Db, filter: PublishedFilter): Promise<{ ids: number[]; total: number }> {
  let query = db.selectFrom('articles').where('articles.status', '=', 'published').where('articles.published_at', '<=', filter.now);
  if (filter.sectionSlug) query = query.where(linkedTo('section', filter.sectionSlug));
  if (filter.tagSlug) query = query.where(linkedTo('tag', filter.tagSlug));
  if (filter.authorSlug) query = query.where(linkedTo('author', filter.authorSlug));
  const [rows, total] = await Promise.all([
    query
      .select('articles.id')
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(total.n) };
}

export async function findPublishedId(db: Db, slug: string, now: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('articles')
    .select('id')
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .executeTakeFirst();
  return row?.id;
}

/**
 * Every visible story among `ids`, in that order, with its sections, tags, authors, lead
 * image and (with `full`) body, notes and visible related stories.
 */
export async function loadPublishedStories(db: Db, ids: number[], now: string, full: boolean) {
  if (!ids.length) return [];
  const columns = [
    'articles.id',
    'articles.slug',
    'articles.title',
    'articles.dek',
    'articles.excerpt',
    'articles.image_id',
    'articles.image_alt',
    'articles.image_caption',
    'articles.image_credit',
    'articles.published_at',
    'articles.updated_at',
    'articles.seo_title',
    'articles.seo_description',
    'formats.slug as format',
  ] as const;
  const [articles, links] = await Promise.all([
    db
      .selectFrom('articles')
      .leftJoin('formats', 'formats.id', 'articles.format_id')
      // Lists leave the body out: up to 100 full bodies per page is not a list.
      .select(columns)
      .select(full ? sql<string>`articles.body`.as('body') : sql<string>`''`.as('body'))
      .where('articles.id', 'in', ids)
      .where('articles.status', '=', 'published')
      .where('articles.published_at', '<=', now)
      .execute(),
    loadStoryLinks(db, ids, ['sections', 'tags', 'authors']),
  ]);
  const [mediaById, notes, related] = await Promise.all([
    publicMediaByIds(
      db,
      articles.flatMap((a) => (a.image_id ? [a.image_id] : [])),
    ),
    full
      ? db
          .selectFrom('article_notes')
          .select(['article_id', 'kind', 'at', 'note'])
          .where('article_id', 'in', ids)
          .orderBy('at')
          .orderBy('id')
          .execute()
      : [],
    full
      ? db
          .selectFrom('article_related')
          .innerJoin('articles', 'articles.id', 'article_related.related_id')
          .select(['article_related.article_id', 'articles.slug'])
          .where('article_related.article_id', 'in', ids)
          .where('articles.status', '=', 'published')
          .where('articles.published_at', '<=', now)
          .orderBy('article_related.position')
          .execute()
      : [],
  ]);
  const byId = new Map(articles.map((a) => [a.id, a]));
  return ids.flatMap((id) => {
    const found = byId.get(id);
    if (!found) return [];
    const { image_alt, image_caption, image_credit, ...row } = found;
    const image = row.image_id ? mediaById.get(row.image_id) : undefined;
    return [
      {
        ...row,
        sections: (links.get(id)?.sections ?? []).map(({ slug, name }) => ({ slug, name })),
        tags: links.get(id)?.tags ?? [],
        authors: links.get(id)?.authors ?? [],
        // As this story shows it: its own caption, credit and alt over the library's.
        image: image ? withOwnImageText(image, ownImageTextOf({ image_alt, image_caption, image_credit })) : null,
        notes: notes.filter((n) => n.article_id === id).map(({ kind, at, note }) => ({ kind, at, note })),
        related: related.filter((r) => r.article_id === id).map((r) => r.slug),
      },
    ];
  });
}

export type PublishedStory = Awaited<ReturnType<typeof loadPublishedStories>>[number];
