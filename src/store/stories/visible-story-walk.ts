import { sql } from 'kysely';
import type { Db } from '../store.js';

// Visible stories walked in date order, for feeds and sitemaps. Sitemaps walk every visible
// story in a fixed order (oldest first, so new stories land on the last page and older
// pages stay stable) by keyset, a batch at a time, never holding the whole archive in memory.

export interface StoryKey {
  publishedAt: string;
  id: number;
}

export interface SitemapStoryRow {
  id: number;
  slug: string;
  title: string;
  published_at: string;
  updated_at: string | null;
  image_id: number | null;
}

const visible = (db: Db, now: string) => db.selectFrom('articles').where('status', '=', 'published').where('published_at', '<=', now);

/** When a story last changed, as readers see it. */
const modified = sql<string>`coalesce(updated_at, published_at)`;

export async function countVisibleStories(db: Db, now: string): Promise<number> {
  const row = await visible(db, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest change among one sitemap page of stories (`offset`, `limit` in sitemap order). */
export async function sitemapPageStamp(
  db: Db,
  { now, offset, limit }: { now: string; offset: number; limit: number },
): Promise<string | null> {
  const page = visible(db, now).select(modified.as('m')).orderBy('published_at').orderBy('id').limit(limit).offset(offset);
  const row = await db
    .selectFrom(page.as('page'))
    .select((eb) => eb.fn.max('page.m').as('m'))
    .executeTakeFirst();
  return (row?.m as string | null | undefined) ?? null;
}

/** The key just before the story at `offset`, so a page can be walked by keyset. */
export async function keyBefore(db: Db, { now, offset }: { now: string; offset: number }): Promise<StoryKey | null> {
  if (offset === 0) return null;
  const row = await visible(db, now)
    .select(['id', 'published_at'])
    .orderBy('published_at')
    .orderBy('id')
    .limit(1)
    .offset(offset - 1)
    .executeTakeFirst();
  return row ? { publishedAt: row.published_at!, id: row.id } : null;
}

export async function sitemapBatch(
  db: Db,
  { now, after, limit }: { now: string; after: StoryKey | null; limit: number },
): Promise<SitemapStoryRow[]> {
  let query = visible(db, now);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('published_at', '>', after.publishedAt), eb.and([eb('published_at', '=', after.publishedAt), eb('id', '>', after.id)])]),
    );
  }
  const rows = await query
    .select(['id', 'slug', 'title', 'published_at', 'updated_at', 'image_id'])
    .orderBy('published_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, published_at: r.published_at! }));
}

/** Stories published since `since`, newest first (Google News: the last 48 hours, at most 1,000). */
export async function recentStories(
  db: Db,
  { now, since, limit }: { now: string; since: string; limit: number },
): Promise<SitemapStoryRow[]> {
  const rows = await visible(db, now)
    .where('published_at', '>=', since)
    .select(['id', 'slug', 'title', 'published_at', 'updated_at', 'image_id'])
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, published_at: r.published_at! }));
}

/**
 * The newest change among these stories: publication, a dated update, or any later save
 * (an edit without an update note still changes what a feed carries).
 */
export async function newestChange(db: Db, ids: number[]): Promise<string | null> {
  if (!ids.length) return null;
  const rows = await db.selectFrom('articles').select(['published_at', 'updated_at', 'modified_at']).where('id', 'in', ids).execute();
  let newest: string | null = null;
  for (const row of rows) {
    for (const at of [row.published_at, row.updated_at, row.modified_at]) if (at && (!newest || at > newest)) newest = at;
  }
  return newest;
}
