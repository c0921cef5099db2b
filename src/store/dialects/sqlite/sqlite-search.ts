import { sql } from 'kysely';
import type { SearchQuery, SearchTerm } from '../../../content/search-query.js';
import { MARK_END, MARK_START, pastCandidates, prefixForms, SEARCH_CANDIDATES, type SearchAdapter } from '../../search/search-adapter.js';

// SQLite FTS5: bm25 ranking with per-column weights, snippet() for the passage.
// The MATCH expression is built from words that hold only letters and digits, each
// double-quoted, so no reader input is ever read as FTS5 syntax.

/** bm25 weights by column: title, dek, body, tags, authors. */
const WEIGHTS = sql.raw('10.0, 4.0, 1.0, 8.0, 8.0');

function prefixExpression(word: string): string {
  const forms = prefixForms(word).map((form) => `"${form}" *`);
  return forms.length === 1 ? forms[0]! : `(${forms.join(' OR ')})`;
}

function termExpression(term: SearchTerm): string {
  if (term.kind === 'phrase') return `"${term.words.join(' ')}"`;
  return term.prefix ? prefixExpression(term.word) : `"${term.word}"`;
}

export function matchExpression(query: SearchQuery): string {
  const wanted = query.terms.filter((t) => !t.exclude).map(termExpression);
  const unwanted = query.terms.filter((t) => t.exclude).map(termExpression);
  return [`(${wanted.join(' AND ')})`, ...unwanted].join(' NOT ');
}

const BODY_COLUMN = 2;

/**
 * A story id as a rowid constraint FTS5 can use. JavaScript numbers reach SQLite as REAL,
 * and FTS5 ignores a rowid bound that is not an integer (it then returns every match).
 */
const rowid = (id: number) => sql`CAST(${id} AS INTEGER)`;

export const sqliteSearch: SearchAdapter = {
  async write(trx, ids, rows) {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await sql`DELETE FROM article_search WHERE rowid IN (${sql.join(chunk)})`.execute(trx);
    }
    for (let i = 0; i < rows.length; i += 100) {
      const values = rows.slice(i, i + 100).map((r) => sql`(${r.id}, ${r.title}, ${r.dek}, ${r.body}, ${r.tags}, ${r.authors})`);
      await sql`INSERT INTO article_search (rowid, title, dek, body, tags, authors) VALUES ${sql.join(values)}`.execute(trx);
    }
  },

  async search(db, { query, where, limit, offset }) {
    const match = matchExpression(query);
    // One pass over the newest SEARCH_CANDIDATES + 1 matches, in FTS5's own rowid order so
    // it stops early, scoring each with bm25: it ranks them and counts them. Snippets cost
    // far more than bm25, so they are made afterwards for the page's rows alone.
    const candidates = (
      await sql<{ id: number }>`
      SELECT c.id AS id FROM (
        SELECT a.id, a.published_at, bm25(article_search, ${WEIGHTS}) AS score
        FROM article_search JOIN articles AS a ON a.id = article_search.rowid
        WHERE article_search MATCH ${match} AND ${where}
        ORDER BY article_search.rowid DESC LIMIT ${SEARCH_CANDIDATES + 1}
      ) AS c
      ORDER BY c.score, c.published_at DESC, c.id DESC`.execute(db)
    ).rows.map((r) => r.id);
    const ids = candidates.slice(offset, offset + limit);
    const older = pastCandidates(candidates.length, offset, limit);
    if (older) {
      const { rows } = await sql<{ id: number }>`
        SELECT a.id AS id FROM article_search JOIN articles AS a ON a.id = article_search.rowid
        WHERE article_search MATCH ${match} AND article_search.rowid < ${rowid(Math.min(...candidates))} AND ${where}
        ORDER BY article_search.rowid DESC LIMIT ${older.limit} OFFSET ${older.offset}`.execute(db);
      ids.push(...rows.map((r) => r.id));
    }
    if (!ids.length) return { hits: [], matched: candidates.length };
    // A rowid range lets FTS5 walk only that stretch of each doclist; the IN list then
    // picks the page's rows, and only they reach snippet(). The "+" keeps the list away
    // from FTS5, which would otherwise restart the whole query once per id.
    const { rows } = await sql<{ id: number; snippet: string }>`
      SELECT rowid AS id, snippet(article_search, ${sql.raw(String(BODY_COLUMN))}, ${MARK_START}, ${MARK_END}, '…', 30) AS snippet
      FROM article_search
      WHERE article_search MATCH ${match} AND rowid BETWEEN ${rowid(Math.min(...ids))} AND ${rowid(Math.max(...ids))}
        AND +rowid IN (${sql.join(ids)})`.execute(db);
    const snippets = new Map(rows.map((r) => [r.id, r.snippet]));
    return { hits: ids.map((id) => ({ id, snippet: snippets.get(id) ?? '' })), matched: candidates.length };
  },
};
