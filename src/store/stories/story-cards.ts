import { type Selectable } from 'kysely';
import { ownImageTextOf, withOwnImageText } from '../../content/lead-image-text.js';
import { findMediaByIds } from '../media/media-lookup.js';
import type { Db } from '../store.js';
import { loadStoryLinks } from './story-links.js';
import type { ArticleTable, AuthorTable, MediaTable, SectionTable } from '../schema.js';

// Story cards, as the reader site and the newsletter show them. A story is visible to
// readers when it is published and its publication time has come. Lists fetch ids first,
// then load every card in a fixed number of queries, whatever the page size.

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

/** Newest first, one page of ids plus the total for pagination. */
export async function listVisibleIds(
  db: Db,
  listing: Listing,
  {
    limit,
    offset,
    now,
    total: withTotal = true,
  }: { limit: number; offset: number; now: string; /** false skips the count query for lists without pagination */ total?: boolean },
) {
  let query = db.selectFrom('articles').where('articles.status', '=', 'published').where('articles.published_at', '<=', now);
  if (listing.by === 'section') {
    query = query.innerJoin('article_sections as link', 'link.article_id', 'articles.id').where('link.section_id', '=', listing.id);
  } else if (listing.by === 'tag') {
    query = query.innerJoin('article_tags as link', 'link.article_id', 'articles.id').where('link.tag_id', '=', listing.id);
  } else if (listing.by === 'author') {
    query = query.innerJoin('article_authors as link', 'link.article_id', 'articles.id').where('link.author_id', '=', listing.id);
  }
  const [rows, total] = await Promise.all([
    query
      .select('articles.id')
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    withTotal ? query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() : null,
  ]);
  return { ids: rows.map((r) => r.id), total: total ? Number(total.n) : rows.length };
}

/** Cards for the given ids, in the given order; ids that are not visible are left out. */
export async function loadCards(
  db: Db,
  ids: number[],
  now: string,
  {
    unpublishedId,
  }: {
    /** A story loaded even though readers cannot see it yet: the one a private preview shows. */
    unpublishedId?: number;
  } = {},
): Promise<CardRecord[]> {
  if (!ids.length) return [];
  const [articles, links] = await Promise.all([
    db
      .selectFrom('articles')
      .select([
        'id',
        'slug',
        'title',
        'dek',
        'excerpt',
        'body',
        'format_id',
        'image_id',
        'image_alt',
        'image_caption',
        'image_credit',
        'status',
        'published_at',
        'updated_at',
        'created_at',
      ])
      .where('id', 'in', ids)
      .where((eb) => {
        const visible = eb.and([eb('status', '=', 'published'), eb('published_at', '<=', now)]);
        return unpublishedId === undefined ? visible : eb.or([visible, eb('id', '=', unpublishedId)]);
      })
      .execute(),
    loadStoryLinks(db, ids, ['sections', 'authors']),
  ]);
  const media = await findMediaByIds(
    db,
    articles.flatMap((a) => (a.image_id ? [a.image_id] : [])),
  );
  const byId = new Map(articles.map((a) => [a.id, a]));
  const mediaById = new Map(media.map((m) => [m.id, m]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { body, image_alt, image_caption, image_credit, ...article } = row;
    const image = article.image_id ? mediaById.get(article.image_id) : undefined;
    return [
      {
        article,
        body,
        sections: links.get(id)?.sections ?? [],
        authors: links.get(id)?.authors ?? [],
        // As this story shows it: its own caption, credit and alt over the library's.
        image: image ? withOwnImageText(image, ownImageTextOf({ image_alt, image_caption, image_credit })) : null,
      },
    ];
  });
}
