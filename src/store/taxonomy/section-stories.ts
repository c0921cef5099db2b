import type { Db } from '../store.js';

// A section page's stories: those of the section and of every section under it, newest
// first. The ids come from the site basics (the small sections table, read once per
// content version), so the list stays one query plus its count, as for tags and authors.

export async function visibleIdsInSections(
  db: Db,
  sectionIds: readonly number[],
  { limit, offset, now }: { limit: number; offset: number; now: string },
): Promise<{ ids: number[]; total: number }> {
  // A story filed under a parent and its child is one story: match by membership, not a join.
  const query = db
    .selectFrom('articles')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .where('articles.id', 'in', (eb) =>
      eb
        .selectFrom('article_sections')
        .select('article_sections.article_id')
        .where('article_sections.section_id', 'in', [...sectionIds]),
    );
  const [rows, total] = await Promise.all([
    query
      .select('articles.id')
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(total.n) };
}
