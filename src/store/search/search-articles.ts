import { sql, type RawBuilder } from 'kysely';
import { hasPositiveTerms, type SearchQuery } from '../../content/search-query.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Db } from '../store.js';
import { MARK_END, MARK_START, SEARCH_CANDIDATES } from './search-adapter.js';

// Full-text search over stories, for the reader site, the newsroom story list and the
// content API. Relevance first (bm25 / ts_rank_cd), the newest story breaks ties.

export interface SearchFilters {
  /** Slugs; a story matches when any of its sections, tags or authors has it. */
  section?: string;
  tag?: string;
  author?: string;
  /** Publication dates as YYYY-MM-DD, both inclusive, in UTC. */
  from?: string;
  to?: string;
}

export type SearchAudience =
  /** Published stories whose publication time has come. */
  | { audience: 'readers'; now: string }
  /** Every story, drafts and scheduled ones included: only for signed-in staff and admin keys. */
  | { audience: 'newsroom' };

export interface SearchRequest {
  query: SearchQuery;
  filters?: SearchFilters;
  visibility: SearchAudience;
  limit: number;
  offset: number;
}

export interface SnippetPart {
  text: string;
  mark: boolean;
}

export interface SearchHit {
  id: number;
  /** The best passage of the body; parts with `mark` matched the query. Plain text: escape it. */
  snippet: SnippetPart[];
}

export interface SearchResult {
  /** How many stories match, counted up to MAX_COUNTED (then `exact` is false). */
  total: number;
  exact: boolean;
  hits: SearchHit[];
}

/**
 * Counting every match of a common word costs as much as ranking them all, and nobody
 * pages past the first five hundred results: "more than 500" is the honest answer. The
 * count comes from the same bounded pass that finds the ranked candidates.
 */
export const MAX_COUNTED = SEARCH_CANDIDATES;

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function whereClause({ filters = {}, visibility }: Pick<SearchRequest, 'filters' | 'visibility'>): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (visibility.audience === 'readers') parts.push(sql`a.status = 'published' AND a.published_at <= ${visibility.now}`);
  if (filters.section) {
    parts.push(
      sql`EXISTS (SELECT 1 FROM article_sections AS l JOIN sections AS x ON x.id = l.section_id WHERE l.article_id = a.id AND x.slug = ${filters.section})`,
    );
  }
  if (filters.tag) {
    parts.push(
      sql`EXISTS (SELECT 1 FROM article_tags AS l JOIN tags AS x ON x.id = l.tag_id WHERE l.article_id = a.id AND x.slug = ${filters.tag})`,
    );
  }
  if (filters.author) {
    parts.push(
      sql`EXISTS (SELECT 1 FROM article_authors AS l JOIN authors AS x ON x.id = l.author_id WHERE l.article_id = a.id AND x.slug = ${filters.author})`,
    );
  }
  // ISO text compares in time order (docs/decisions/0002).
  if (filters.from) parts.push(sql`a.published_at >= ${filters.from}`);
  if (filters.to) parts.push(sql`a.published_at < ${nextDay(filters.to)}`);
  return parts.length ? sql`(${sql.join(parts, sql` AND `)})` : sql`1 = 1`;
}

/** Splits the engine's marked passage into plain and matched parts. */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  // Paragraph breaks read as one passage in a result list.
  for (const [index, piece] of marked.replace(/\s+/g, ' ').split(MARK_START).entries()) {
    const [inside, after] = index === 0 ? [null, piece] : splitOnce(piece, MARK_END);
    if (inside) parts.push({ text: inside, mark: true });
    if (after) parts.push({ text: after.replaceAll(MARK_END, ''), mark: false });
  }
  return parts;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + separator.length)];
}

export async function searchArticles(db: Db, dialect: Pick<Dialect, 'search'>, request: SearchRequest): Promise<SearchResult> {
  if (!hasPositiveTerms(request.query)) return { total: 0, exact: true, hits: [] };
  const adapter = dialect.search;
  const where = whereClause(request);
  const { hits, matched } = await adapter.search(db, { query: request.query, where, limit: request.limit, offset: request.offset });
  const exact = matched <= MAX_COUNTED;
  return {
    total: Math.min(matched, MAX_COUNTED),
    exact,
    hits: hits.map((hit) => ({ id: hit.id, snippet: snippetParts(hit.snippet ?? '') })),
  };
}

/** Tag and author names, the vocabulary of "did you mean". */
export async function searchVocabulary(db: Db): Promise<string[]> {
  const [tags, authors] = await Promise.all([
    db.selectFrom('tags').select('name').execute(),
    db.selectFrom('authors').select('name').execute(),
  ]);
  return [...tags, ...authors].map((r) => r.name);
}
