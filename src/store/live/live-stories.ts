import type { Db } from '../store.js';

// The story a live feed answers for: published and visible now, as on its page.

export async function findVisibleArticleById(db: Db, id: number, now: string) {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'live_started_at', 'live_ended_at'])
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .executeTakeFirst();
}
