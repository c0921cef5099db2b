import type { SourceImage } from '../source-model.js';

// One page of a feed in a shape common to RSS 2.0, Atom 1.0 and JSON Feed, before items
// are merged into stories. Text is kept as the feed gives it: HTML where the format says
// HTML, already escaped where it says plain text.

export type FeedFormat = 'rss' | 'atom' | 'json';

export interface FeedAuthor {
  name: string;
  email: string;
  /** The author's page or avatar, absolute, when the feed gives one. */
  url: string | null;
  avatarUrl: string | null;
}

export interface FeedItem {
  /** guid, Atom id or JSON Feed id; null when the item has none. */
  id: string | null;
  title: string;
  /** Absolute. */
  link: string | null;
  /** Other absolute URLs the item answered at (an RSS guid that is a permalink). */
  otherUrls: string[];
  /** Dates as the feed writes them; parsed when mapped. */
  published: string;
  updated: string;
  contentHtml: string;
  summaryHtml: string;
  authors: FeedAuthor[];
  categories: string[];
  /** In document order: the first is the lead image. */
  images: SourceImage[];
}

export interface FeedPage {
  format: FeedFormat;
  title: string;
  /** The site or section page the feed describes (RSS channel link, Atom alternate link). */
  link: string | null;
  /** RFC 5005 / Atom rel="next", JSON Feed next_url. */
  nextUrl: string | null;
  items: FeedItem[];
}

/** The key that says two items are the same story: the id, else the link. */
export function itemKey(item: FeedItem): string | null {
  return item.id ?? item.link;
}
