import type { RawBuilder, Transaction } from 'kysely';
import type { SearchQuery } from '../../content/search-query.js';
import type { Tables } from '../schema.js';
import type { Db } from '../store.js';

// The seam between engine-neutral search code and the two engines' full-text features.
// One implementation per engine, in store/dialects/{sqlite,postgres}/…-search.ts, reached
// as `Dialect.search`.

/** What is indexed for one story; text only, already flattened. */
export interface SearchRow {
  id: number;
  title: string;
  dek: string;
  body: string;
  /** Tag names, one per line. */
  tags: string;
  /** Author names, one per line. */
  authors: string;
}

export interface EngineHit {
  id: number;
  /** The best passage with matches wrapped in MARK_START … MARK_END; not yet escaped. */
  snippet: string;
}

export interface EngineSearch {
  query: SearchQuery;
  /** A boolean SQL condition on the joined `articles as a`: visibility and filters. */
  where: RawBuilder<unknown>;
  limit: number;
  offset: number;
}

export interface EngineResult {
  /** Best first (relevance, then newest), one page. */
  hits: EngineHit[];
  /** How many stories match, counted no further than SEARCH_CANDIDATES + 1. */
  matched: number;
}

export interface SearchAdapter {
  /** Replaces the index rows of these story ids (rows not given are removed). */
  write(trx: Transaction<Tables> | Db, ids: number[], rows: SearchRow[]): Promise<void>;
  /** One page of matches and how many there are, from the same bounded pass over the index. */
  search(db: Db, request: EngineSearch): Promise<EngineResult>;
}

/**
 * How many of the newest matches are ranked for relevance, and how far matches are
 * counted. Ranking costs time in proportion to the matches it scores (bm25 reads each
 * one's column sizes; ts_rank_cd unpacks each one's whole tsvector), and so does counting
 * them, so both stop here: a word in a few hundred stories is ranked over all of them and
 * counted exactly; a word in half the archive is ranked among its newest 500 matches and
 * reported as "more than 500". One pass fetches SEARCH_CANDIDATES + 1 matches, newest
 * first, and serves both. A news archive's readers want recent stories among equals; older
 * matches follow the ranked ones, newest first (`pastCandidates`), for clients that page on.
 */
export const SEARCH_CANDIDATES = 500;

/**
 * The part of a page that lies beyond the ranked candidates, as an offset and a limit into
 * the older matches (those below the oldest candidate), listed newest first; null when the
 * page is all ranked or every match was a candidate.
 */
export function pastCandidates(candidates: number, offset: number, limit: number): { offset: number; limit: number } | null {
  const end = offset + limit;
  if (candidates <= SEARCH_CANDIDATES || end <= candidates) return null;
  const start = Math.max(offset, candidates);
  return { offset: start - candidates, limit: end - start };
}

/**
 * Both engines index stems ("negotiations" is stored as "negoti"), so a prefix that runs
 * into a suffix the stemmer strips ("negotiat*") would miss. Also asking for the prefix
 * without its last three letters (never shorter than four) covers the suffixes English
 * stemmers remove, at the cost of a few extra matches.
 */
export function prefixForms(word: string): string[] {
  const shorter = word.slice(0, Math.max(4, word.length - 3));
  return shorter === word ? [word] : [word, shorter];
}

// Private-use characters: they cannot come from stored text (reindexing strips them),
// so after HTML-escaping the snippet they mark exactly where <mark> goes.
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
