import { sql, type RawBuilder } from 'kysely';
import type { SearchQuery, SearchTerm } from '../../../content/search-query.js';
import { MARK_END, MARK_START, prefixForms, SEARCH_CANDIDATES, type SearchAdapter } from '../../search/search-adapter.js';

// PostgreSQL: a weighted tsvector behind a GIN index, ts_rank_cd for ranking (cover
// density: words close together score higher), ts_headline for the passage. Every word
// reaches the server as a bound parameter inside plainto/phraseto/to_tsquery.

const CONFIG = sql.lit('english');

function termQuery(term: SearchTerm): RawBuilder<unknown> {
  if (term.kind === 'phrase') return sql`phraseto_tsquery(${CONFIG}, ${term.words.join(' ')})`;
  // Words hold only letters and digits, so ":*" is the only tsquery syntax in the text.
  if (term.prefix) {
    const forms = prefixForms(term.word).map((form) => sql`to_tsquery(${CONFIG}, ${`${form}:*`})`);
    return sql`(${sql.join(forms, sql` || `)})`;
  }
  return sql`plainto_tsquery(${CONFIG}, ${term.word})`;
}

export function tsQuery(query: SearchQuery): RawBuilder<unknown> {
  const parts = query.terms.map((term) => (term.exclude ? sql`(!! ${termQuery(term)})` : termQuery(term)));
  return sql`(${sql.join(parts, sql` && `)})`;
}

const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=1, FragmentDelimiter=" … "`;

export const postgresSearch: SearchAdapter = {
  async write(trx, ids, rows) {
    for (let i = 0; i < ids.length; i += 500) {
      await sql`DELETE FROM article_search WHERE article_id IN (${sql.join(ids.slice(i, i + 500))})`.execute(trx);
    }
    for (let i = 0; i < rows.length; i += 100) {
      const values = rows
        .slice(i, i + 100)
        .map((r) => sql`(${r.id}::integer, ${r.title}::text, ${r.dek}::text, ${r.body}::text, ${r.tags}::text, ${r.authors}::text)`);
      await sql`INSERT INTO article_search (article_id, body, document)
        SELECT v.id, v.body,
          setweight(to_tsvector(${CONFIG}, v.title), 'A') || setweight(to_tsvector(${CONFIG}, v.tags), 'A')
          || setweight(to_tsvector(${CONFIG}, v.authors), 'A') || setweight(to_tsvector(${CONFIG}, v.dek), 'B')
          || setweight(to_tsvector(${CONFIG}, v.body), 'D')
        FROM (VALUES ${sql.join(values)}) AS v (id, title, dek, body, tags, authors)`.execute(trx);
    }
  },

  async hits(db, { query, where, limit, offset }) {
    // Only the newest SEARCH_CANDIDATES matches are ranked (see search-adapter.ts), and the
    // headline, the costly part, is made only for the page's rows.
    const { rows } = await sql<{ id: number; snippet: string }>`
      SELECT hits.id AS id, ts_headline(${CONFIG}, s.body, hits.q, ${HEADLINE_OPTIONS}) AS snippet
      FROM (
        SELECT c.id, c.published_at, ts_rank_cd(c.document, c.q) AS rank, c.q
        FROM (
          SELECT a.id, a.published_at, s.document, q.q
          FROM article_search AS s JOIN articles AS a ON a.id = s.article_id, (SELECT ${tsQuery(query)} AS q) AS q
          WHERE s.document @@ q.q AND ${where}
          ORDER BY s.article_id DESC LIMIT ${SEARCH_CANDIDATES}
        ) AS c
        ORDER BY rank DESC, c.published_at DESC NULLS LAST, c.id DESC
        LIMIT ${limit} OFFSET ${offset}
      ) AS hits JOIN article_search AS s ON s.article_id = hits.id
      ORDER BY hits.rank DESC, hits.published_at DESC NULLS LAST, hits.id DESC`.execute(db);
    return rows;
  },

  async count(db, { query, where, cap }) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*) AS n FROM (SELECT 1 FROM article_search AS s JOIN articles AS a ON a.id = s.article_id
      WHERE s.document @@ ${tsQuery(query)} AND ${where} LIMIT ${cap}) AS matches`.execute(db);
    return Number(rows[0]?.n ?? 0);
  },
};
