import type { Db } from '../store.js';

// A story's links to sections, tags and authors, for many stories in one query each.

/** Tag names of each story, in the story's order. */
export async function tagNamesOf(db: Db, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['article_tags.article_id', 'tags.name']).where('article_tags.article_id', 'in', ids).orderBy('article_tags.position').execute();
  for (const row of rows) out.set(row.article_id, [...(out.get(row.article_id) ?? []), row.name]);
  return out;
}
