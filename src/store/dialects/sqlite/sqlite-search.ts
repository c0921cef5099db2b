import { sql } from 'kysely';
import type { SearchQuery, SearchTerm } from '../../../content/search-query.js';
import { MARK_END, MARK_START, prefixForms, SEARCH_CANDIDATES, type SearchAdapter } from '../../search/search-adapter.js';

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

  async hits(db, { query, where, limit, offset }) {
    const match = matchExpression(query);
    // Ranked ids first: SQLite would otherwise build a snippet for every match before
    // sorting, and snippets cost far more than bm25.
    // Candidates are the newest CANDIDATES matches (by id, FTS5's own order, so it can
    // stop early); only they are ranked. A rare word is ranked over all its matches; a word
    // in half the archive costs 2,000 bm25 scores instead of 50,000.
    const ranked = await sql<{ id: number }>`
      SELECT c.id AS id FROM (
        SELECT a.id, a.published_at, bm25(article_search, ${WEIGHTS}) AS score
        FROM article_search JOIN articles AS a ON a.id = article_search.rowid
        WHERE article_search MATCH ${match} AND ${where}
        ORDER BY article_search.rowid DESC LIMIT ${SEARCH_CANDIDATES}
      ) AS c
      ORDER BY c.score, c.published_at DESC, c.id DESC
      LIMIT ${limit} OFFSET ${offset}`.execute(db);
    const ids = ranked.rows.map((r) => r.id);
    if (!ids.length) return [];
    const { rows } = await sql<{ id: number; snippet: string }>`
      SELECT rowid AS id, snippet(article_search, ${sql.raw(String(BODY_COLUMN))}, ${MARK_START}, ${MARK_END}, '…', 30) AS snippet
      FROM article_search WHERE article_search MATCH ${match} AND rowid IN (${sql.join(ids)})`.execute(db);
    const snippets = new Map(rows.map((r) => [r.id, r.snippet]));
    return ids.map((id) => ({ id, snippet: snippets.get(id) ?? '' }));
  },

  async count(db, { query, where, cap }) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*) AS n FROM (SELECT 1 FROM article_search JOIN articles AS a ON a.id = article_search.rowid
      WHERE article_search MATCH ${matchExpression(query)} AND ${where} LIMIT ${cap}) AS matches`.execute(db);
    return Number(rows[0]?.n ?? 0);
  },
};
