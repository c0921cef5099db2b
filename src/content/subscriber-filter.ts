import { parsePageParam } from './pagination.js';

// The newsroom's subscriber list and its CSV export take the same filters from the query
// string. Everything here is untrusted text: the status must be one of the five, the list
// one of the publication's slugs, the search a bounded substring.

/** The same five as the store's column (content/ imports nothing from store/). */
export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced' | 'complained';

export const SUBSCRIBER_STATUSES: readonly SubscriberStatus[] = ['pending', 'confirmed', 'unsubscribed', 'bounced', 'complained'];
export const SUBSCRIBERS_PER_PAGE = 50;

export const STATUS_LABELS: Record<SubscriberStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  unsubscribed: 'Unsubscribed',
  bounced: 'Bounced',
  complained: 'Complained',
};

export interface SubscriberFilter {
  /** Lower-cased substring of the address; '' for all. */
  q: string;
  status: SubscriberStatus | null;
  /** A list slug: subscribers with an active subscription to it. */
  list: string | null;
}

export function parseSubscriberFilter(
  query: Record<string, unknown>,
  listSlugs: readonly string[],
): { filter: SubscriberFilter; page: number } {
  const text = (key: string) => (typeof query[key] === 'string' ? query[key] : '');
  const status = SUBSCRIBER_STATUSES.find((s) => s === text('status')) ?? null;
  const list = listSlugs.find((s) => s === text('list')) ?? null;
  const page = parsePageParam(query.page === '' ? undefined : query.page);
  return { filter: { q: text('q').trim().toLowerCase().slice(0, 254), status, list }, page: page.ok ? page.page : 1 };
}

/** The filter as a query string (without page), for pagination and export links. */
export function filterQuery(filter: SubscriberFilter): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.status) params.set('status', filter.status);
  if (filter.list) params.set('list', filter.list);
  return params.toString();
}
