import { parsePageParam } from './pagination.js';
import { parseSearchQuery, type SearchQuery } from './search-query.js';
import { isValidSlug } from './slug.js';

// The search page's query string (`/search?q=…&section=…&from=…&page=…`), untrusted text
// until parsed here. Empty fields (as a form sends them) mean "no filter".

export interface SearchParams {
  query: SearchQuery;
  section: string | null;
  tag: string | null;
  author: string | null;
  /** YYYY-MM-DD, inclusive. */
  from: string | null;
  to: string | null;
  page: number;
}

export type SearchParamsParse = { ok: true; params: SearchParams } | { ok: false; reason: string };

function single(value: unknown): string | null | undefined {
  if (value === undefined) return null;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

export function parseSearchParams(raw: Record<string, unknown>): SearchParamsParse {
  const q = single(raw.q);
  if (q === undefined) return { ok: false, reason: 'Search for one thing at a time.' };
  const parsed = parseSearchQuery(q ?? '');
  if (!parsed.ok) return parsed;
  const slugs: Record<'section' | 'tag' | 'author', string | null> = { section: null, tag: null, author: null };
  for (const key of ['section', 'tag', 'author'] as const) {
    const value = single(raw[key]);
    if (value === undefined || (value !== null && !isValidSlug(value))) return { ok: false, reason: `That ${key} filter is not valid.` };
    slugs[key] = value;
  }
  const dates: Record<'from' | 'to', string | null> = { from: null, to: null };
  for (const key of ['from', 'to'] as const) {
    const value = single(raw[key]);
    if (value === undefined || (value !== null && !isDate(value)))
      return { ok: false, reason: 'Dates must be written as year-month-day, for example 2025-04-18.' };
    dates[key] = value;
  }
  if (dates.from && dates.to && dates.from > dates.to) return { ok: false, reason: 'The start date must come before the end date.' };
  const page = parsePageParam(raw.page === '' ? undefined : raw.page);
  if (!page.ok) return page;
  return { ok: true, params: { query: parsed.query, ...slugs, ...dates, page: page.page } };
}

/** The canonical query string of a search, in a fixed order: the cache key and page links. */
export function searchHref(params: Omit<SearchParams, 'query'> & { text: string }, page = params.page): string {
  const search = new URLSearchParams();
  if (params.text) search.set('q', params.text);
  for (const key of ['section', 'tag', 'author', 'from', 'to'] as const) {
    const value = params[key];
    if (value) search.set(key, value);
  }
  if (page > 1) search.set('page', String(page));
  const text = search.toString();
  return text ? `/search?${text}` : '/search';
}
