import { sql, type RawBuilder } from 'kysely';

// "Stories in this section / with this tag / by this author", by slug: the condition the
// newsroom list and the content API share. Use inside a query on `articles`.

const LINKS = {
  section: { link: 'article_sections', table: 'sections', column: 'section_id' },
  tag: { link: 'article_tags', table: 'tags', column: 'tag_id' },
  author: { link: 'article_authors', table: 'authors', column: 'author_id' },
} as const;

export function linkedTo(kind: keyof typeof LINKS, slug: string): RawBuilder<boolean> {
  const { link, table, column } = LINKS[kind];
  return sql<boolean>`exists (select 1 from ${sql.table(link)} as l join ${sql.table(table)} as t on t.id = ${sql.ref(`l.${column}`)}
    where l.article_id = articles.id and t.slug = ${slug})`;
}
