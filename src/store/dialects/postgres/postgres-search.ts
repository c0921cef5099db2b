import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { SearchQuery, SearchTerm } from '../../../content/search-query.js';
import type { Tables } from '../../schema.js';
import { MARK_END, MARK_START, pastCandidates, prefixForms, SEARCH_CANDIDATES, type SearchAdapter } from '../../search/search-adapter.js';

// PostgreSQL: a weighted tsvector behind a GIN index, ts_rank for ranking (weights A for
// title, tags and authors, B for the dek, D for the body), ts_headline for the passage.
// Every word reaches the server as a bound parameter inside plainto/phraseto/to_tsquery.
// How the work is bounded at 100,000 stories: docs/decisions/0012.

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

/** The first range of ids searched: the newest stories; later ranges are sized by what it found. */
const FIRST_WINDOW = 2_000;

/**
 * The newest SEARCH_CANDIDATES + 1 matches readers (or the newsroom) may see, newest
 * first. GIN cannot return matches in id order, so the ids are searched in ranges from the
 * newest down: each range reads only its own matching rows, and the next range is sized
 * from how dense the matches were, so a common word costs one range and a rare one a few
 * cheap ones.
 */
async function newestMatches(trx: Transaction<Tables>, q: RawBuilder<unknown>, where: RawBuilder<unknown>, top: number): Promise<number[]> {
  const wanted = SEARCH_CANDIDATES + 1;
  const found: number[] = [];
  let high = top;
  let span = FIRST_WINDOW;
  while (high > 0 && found.length < wanted) {
    const low = Math.max(0, high - span);
    const { rows } = await sql<{ id: number }>`
      SELECT a.id AS id FROM articles AS a
      WHERE a.id = ANY(ARRAY(SELECT s.article_id FROM article_search AS s
        WHERE s.document @@ ${q} AND s.article_id > ${low} AND s.article_id <= ${high}))
        AND ${where}
      ORDER BY a.id DESC LIMIT ${wanted - found.length}`.execute(trx);
    found.push(...rows.map((r) => r.id));
    // Size the next range for the matches still missing at the density seen so far.
    const searched = top - low;
    const density = found.length / searched;
    const missing = wanted - found.length;
    span = density > 0 ? Math.max(span * 2, Math.ceil((missing / density) * 1.25)) : Infinity;
    // A range that would cover most of what is left might as well cover all of it.
    if (span >= low / 2) span = Infinity;
    high = low;
  }
  return found;
}

/** Any one of the wanted words or phrases: finds the paragraph a headline is made from. */
function anyWord(query: SearchQuery): RawBuilder<unknown> {
  const parts = query.terms.filter((term) => !term.exclude).map(termQuery);
  return parts.length ? sql`(${sql.join(parts, sql` || `)})` : sql`''::tsquery`;
}

const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=1, FragmentDelimiter=" … "`;

/**
 * The passages for a page of stories. ts_headline parses all the text it is given, the costliest
 * step of a search, so it gets only the first paragraph holding any of the words (or the
 * body's opening when only the title, dek, tags or authors matched).
 */
function headlines(query: SearchQuery, q: RawBuilder<unknown>, ids: number[]): RawBuilder<unknown> {
  return sql`SELECT s.article_id AS id, ts_headline(${CONFIG}, coalesce(p.text, left(s.body, 600)), ${q}, ${HEADLINE_OPTIONS}) AS snippet
    FROM article_search AS s LEFT JOIN LATERAL (
      SELECT left(t, 3000) AS text FROM regexp_split_to_table(s.body, '\n\n') AS t
      WHERE to_tsvector(${CONFIG}, left(t, 3000)) @@ ${anyWord(query)} LIMIT 1
    ) AS p ON true
    WHERE s.article_id = ANY(${ids})`;
}

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

  async search(db, { query, where, limit, offset }) {
    const q = tsQuery(query);
    // Few round trips: under load each one waits for the server to be scheduled.
    return db.transaction().execute(async (trx) => {
      // The planner prices a tsvector test as cheap and would walk the primary key newest
      // first, unpacking every story's TOASTed tsvector on the way (a second for a phrase).
      // Only bitmap plans are allowed from here on, so the GIN index finds the matches and
      // the id range bounds which rows are read. LOCAL: it ends with this transaction, so
      // it is safe behind PgBouncer in transaction mode. No parallel workers for these
      // small queries. The max is planned before the settings apply, on the primary key.
      const { rows: settings } = await sql<{ top: number | null }>`
        SELECT set_config('enable_indexscan', 'off', true) AS a, set_config('max_parallel_workers_per_gather', '0', true) AS b,
          (SELECT max(article_id) FROM article_search) AS top`.execute(trx);
      const newest = await newestMatches(trx, q, where, Number(settings[0]?.top ?? 0));
      if (!newest.length) return { hits: [], matched: 0 };
      // Ranked best first: only these candidates' tsvectors are unpacked (ts_rank rather
      // than ts_rank_cd: the same weights at half the cost).
      const ranked = (
        await sql<{ id: number }>`
        SELECT a.id AS id FROM article_search AS s JOIN articles AS a ON a.id = s.article_id
        WHERE s.article_id = ANY(${newest})
        ORDER BY ts_rank(s.document, ${q}) DESC, a.published_at DESC NULLS LAST, a.id DESC`.execute(trx)
      ).rows.map((r) => r.id);
      const ids = ranked.slice(offset, offset + limit);
      const older = pastCandidates(ranked.length, offset, limit);
      if (older) {
        const { rows } = await sql<{ id: number }>`
          SELECT a.id AS id FROM article_search AS s JOIN articles AS a ON a.id = s.article_id
          WHERE s.document @@ ${q} AND s.article_id < ${Math.min(...newest)} AND ${where}
          ORDER BY s.article_id DESC LIMIT ${older.limit} OFFSET ${older.offset}`.execute(trx);
        ids.push(...rows.map((r) => r.id));
      }
      const snippets = new Map<number, string>();
      if (ids.length) {
        const { rows } = await sql<{ id: number; snippet: string }>`${headlines(query, q, ids)}`.execute(trx);
        for (const r of rows) snippets.set(r.id, r.snippet);
      }
      const hits = ids.map((id) => ({ id, snippet: snippets.get(id) ?? '' }));
      return { hits, matched: ranked.length };
    });
  },
};
