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

export interface SearchAdapter {
  /** Replaces the index rows of these story ids (rows not given are removed). */
  write(trx: Transaction<Tables> | Db, ids: number[], rows: SearchRow[]): Promise<void>;
  /** Best first (relevance, then newest), one page. */
  hits(db: Db, request: EngineSearch): Promise<EngineHit[]>;
  /** How many match, counting no further than `cap`. */
  count(db: Db, request: Omit<EngineSearch, 'limit' | 'offset'> & { cap: number }): Promise<number>;
}

/**
 * How many of the newest matches are ranked for relevance. Ranking costs time in
 * proportion to the matches it scores; a news archive's readers want recent stories
 * among equals anyway, and nobody pages past the thousandth result (MAX_COUNTED).
 */
export const SEARCH_CANDIDATES = 2_000;

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
