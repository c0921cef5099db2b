import type { Kysely, Transaction } from 'kysely';
import { documentText } from '../../render/blocks/document-text.js';
import { parseDocument } from '../../content/parse-document.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Tables } from '../schema.js';
import { MARK_END, MARK_START, type SearchRow } from './search-adapter.js';

// Keeps the full-text index in step with stories. Call it inside the transaction that
// changed them (an import, a newsroom save, a delete), with every story id whose title,
// dek, body, tags or authors may have changed; ids of deleted stories are fine too.

type Executor = Kysely<Tables> | Transaction<Tables>;

const CHUNK = 500;
const markers = new RegExp(`[${MARK_START}${MARK_END}]`, 'g');
const clean = (text: string) => text.replace(markers, '');

function bodyText(json: string): string {
  try {
    return documentText(parseDocument(JSON.parse(json)));
  } catch {
    return '';
  }
}

async function loadRows(db: Executor, ids: number[]): Promise<SearchRow[]> {
  const [articles, tags, authors] = await Promise.all([
    db.selectFrom('articles').select(['id', 'title', 'dek', 'body']).where('id', 'in', ids).execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['article_tags.article_id', 'tags.name'])
      .where('article_tags.article_id', 'in', ids)
      .orderBy('article_tags.position')
      .execute(),
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select(['article_authors.article_id', 'authors.name'])
      .where('article_authors.article_id', 'in', ids)
      .orderBy('article_authors.position')
      .execute(),
  ]);
  const names = (rows: Array<{ article_id: number; name: string }>, id: number) =>
    clean(
      rows
        .filter((r) => r.article_id === id)
        .map((r) => r.name)
        .join('\n'),
    );
  return articles.map((a) => ({
    id: a.id,
    title: clean(a.title),
    dek: clean(a.dek),
    body: clean(bodyText(a.body)),
    tags: names(tags, a.id),
    authors: names(authors, a.id),
  }));
}

export async function reindexArticles(trx: Executor, dialect: Pick<Dialect, 'search'>, articleIds: readonly number[]): Promise<void> {
  const adapter = dialect.search;
  const unique = [...new Set(articleIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const ids = unique.slice(i, i + CHUNK);
    await adapter.write(trx, ids, await loadRows(trx, ids));
  }
}

/** Every story, in id order: after the search migration, or to rebuild the index. */
export async function reindexAllArticles(db: Executor, dialect: Pick<Dialect, 'search'>): Promise<number> {
  let after = 0;
  let total = 0;
  for (;;) {
    const ids = (await db.selectFrom('articles').select('id').where('id', '>', after).orderBy('id').limit(CHUNK).execute()).map(
      (r) => r.id,
    );
    if (!ids.length) return total;
    await reindexArticles(db, dialect, ids);
    total += ids.length;
    after = ids[ids.length - 1]!;
  }
}

/** Stories carrying any of these tags or authors: their names are indexed with them. */
export async function articlesNaming(db: Executor, { tagIds, authorIds }: { tagIds: number[]; authorIds: number[] }): Promise<number[]> {
  const ids = new Set<number>();
  for (let i = 0; i < tagIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('article_tags')
      .select('article_id')
      .where('tag_id', 'in', tagIds.slice(i, i + CHUNK))
      .execute();
    rows.forEach((r) => ids.add(r.article_id));
  }
  for (let i = 0; i < authorIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('article_authors')
      .select('article_id')
      .where('author_id', 'in', authorIds.slice(i, i + CHUNK))
      .execute();
    rows.forEach((r) => ids.add(r.article_id));
  }
  return [...ids];
}

/**
 * Re-indexes the stories carrying a tag or an author, whose name the index holds: call it
 * inside the transaction that renames, merges or removes that tag or author.
 */
export async function reindexStoriesOf(
  db: Executor,
  dialect: Pick<Dialect, 'search'>,
  kind: 'tag' | 'author',
  ids: number[],
): Promise<void> {
  if (!ids.length) return;
  const rows =
    kind === 'tag'
      ? await db.selectFrom('article_tags').select('article_id').where('tag_id', 'in', ids).execute()
      : await db.selectFrom('article_authors').select('article_id').where('author_id', 'in', ids).execute();
  await reindexArticles(db, dialect, [...new Set(rows.map((r) => r.article_id))]);
}
