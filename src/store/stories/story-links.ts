import type { Db } from '../store.js';

// A story's sections, tags and authors, in the story's order, for many stories at once:
// one query per kind of link asked for, whatever the number of stories.

export type LinkKind = 'sections' | 'tags' | 'authors';

export interface StoryLinks {
  sections: Array<{ id: number; slug: string; name: string }>;
  tags: Array<{ slug: string; name: string; kind: 'topic' | 'person' | 'organization' | 'place' }>;
  authors: Array<{ slug: string; name: string }>;
}

const none = (): StoryLinks => ({ sections: [], tags: [], authors: [] });

/** The links of each story among `ids` (every id has an entry); only the kinds in `kinds` are loaded. */
export async function loadStoryLinks(db: Db, ids: readonly number[], kinds: readonly LinkKind[]): Promise<Map<number, StoryLinks>> {
  const out = new Map(ids.map((id) => [id, none()]));
  if (!ids.length) return out;
  const list = [...ids];
  const [sections, tags, authors] = await Promise.all([
    kinds.includes('sections')
      ? db
          .selectFrom('article_sections')
          .innerJoin('sections', 'sections.id', 'article_sections.section_id')
          .select(['article_sections.article_id', 'sections.id', 'sections.slug', 'sections.name'])
          .where('article_sections.article_id', 'in', list)
          .orderBy('article_sections.position')
          .execute()
      : [],
    kinds.includes('tags')
      ? db
          .selectFrom('article_tags')
          .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
          .select(['article_tags.article_id', 'tags.slug', 'tags.name', 'tags.kind'])
          .where('article_tags.article_id', 'in', list)
          .orderBy('article_tags.position')
          .execute()
      : [],
    kinds.includes('authors')
      ? db
          .selectFrom('article_authors')
          .innerJoin('authors', 'authors.id', 'article_authors.author_id')
          .select(['article_authors.article_id', 'authors.slug', 'authors.name'])
          .where('article_authors.article_id', 'in', list)
          .orderBy('article_authors.position')
          .execute()
      : [],
  ]);
  for (const { article_id, ...section } of sections) out.get(article_id)?.sections.push(section);
  for (const { article_id, ...tag } of tags) out.get(article_id)?.tags.push(tag);
  for (const { article_id, ...author } of authors) out.get(article_id)?.authors.push(author);
  return out;
}

/** Tag names of each story, in the story's order (stories without tags are left out). */
export async function tagNamesOf(db: Db, ids: number[]): Promise<Map<number, string[]>> {
  const links = await loadStoryLinks(db, ids, ['tags']);
  const out = new Map<number, string[]>();
  for (const [id, { tags }] of links)
    if (tags.length)
      out.set(
        id,
        tags.map((t) => t.name),
      );
  return out;
}
