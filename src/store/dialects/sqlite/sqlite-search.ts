import { sql } from 'kysely';
import type { SearchQuery, SearchTerm } from '../../../content/search-query.js';
import { MARK_END, MARK_START, type SearchAdapter } from '../../search/search-adapter.js';

// SQLite FTS5: bm25 ranking with per-column weights, snippet() for the passage.
// The MATCH expression is built from words that hold only letters and digits, each
// double-quoted, so no reader input is ever read as FTS5 syntax.

/** bm25 weights by column: title, dek, body, tags, authors. */
const WEIGHTS = sql.raw('10.0, 4.0, 1.0, 8.0, 8.0');

/**
 * The index holds porter stems ("negotiations" is stored as "negoti"), so a prefix that
 * runs into a suffix the stemmer strips ("negotiat*") would miss. Also asking for the
 * prefix without its last three letters (never shorter than four) covers the suffixes
 * porter removes, at the cost of a few extra matches ranked below the exact ones.
 */
function prefixExpression(word: string): string {
  const shorter = word.slice(0, Math.max(4, word.length - 3));
  return shorter === word ? `"${word}" *` : `("${word}" * OR "${shorter}" *)`;
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
    const ranked = await sql<{ id: number }>`
      SELECT a.id AS id FROM article_search JOIN articles AS a ON a.id = article_search.rowid
      WHERE article_search MATCH ${match} AND ${where}
      ORDER BY bm25(article_search, ${WEIGHTS}), a.published_at DESC, a.id DESC
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

