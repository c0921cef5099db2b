import { itemKey, type FeedItem, type FeedPage } from './feed-item.js';
import { fetchDocument, loadDocument, type FeedFetch } from './load-document.js';
import { parseFeed } from './parse-feed.js';

// RebelMouse pages its feeds 30 items at a time with ?page=N and says nothing about the
// last page, so pages are fetched until one brings nothing new. A feed that links its
// next page (RFC 5005 §3, rel="next"; JSON Feed next_url) is followed by its links instead.

/** A bound, so a server that answers every ?page=N with fresh items cannot keep us forever. */
export const MAX_PAGES = 1000;

export interface FeedInput {
  /** The URL fetched or the absolute file path read. */
  source: string;
  /** Null for a local file, which is never paged. */
  url: string | null;
  pages: FeedPage[];
  /** The page not fetched when paging stopped at MAX_PAGES. */
  stoppedBefore: string | null;
}

const seenKey = (item: FeedItem) => itemKey(item) ?? `${item.title}\u0000${item.published}`;

function pageUrl(first: URL, offset: number): string {
  const url = new URL(first);
  url.searchParams.set('page', String((Number(first.searchParams.get('page')) || 1) + offset));
  return url.href;
}

async function readLaterPages(firstUrl: string, first: FeedPage, fetch: FeedFetch): Promise<FeedInput> {
  const pages = [first];
  const seen = new Set(first.items.map(seenKey));
  const visited = new Set([firstUrl]);
  const byLinks = first.nextUrl !== null;
  for (let count = 1; ; count++) {
    const next = byLinks ? pages[pages.length - 1]!.nextUrl : pageUrl(new URL(firstUrl), count);
    if (next === null || visited.has(next)) break;
    if (count >= MAX_PAGES) return { source: firstUrl, url: firstUrl, pages, stoppedBefore: next };
    visited.add(next);
    const bytes = await fetchDocument(next, fetch, 'end');
    if (bytes === null) break;
    const page = parseFeed(bytes, next, next);
    if (!page.items.some((item) => !seen.has(seenKey(item)))) break;
    page.items.forEach((item) => seen.add(seenKey(item)));
    pages.push(page);
  }
  return { source: firstUrl, url: firstUrl, pages, stoppedBefore: null };
}

/** Every page of one input, each fetched and parsed: a broken page throws before anything is used. */
export async function readFeedInput(input: string, fetch: FeedFetch): Promise<FeedInput> {
  const { bytes, url, source } = await loadDocument(input, fetch);
  const first = parseFeed(bytes, url, source);
  if (url === null) return { source, url, pages: [first], stoppedBefore: null };
  return readLaterPages(url, first, fetch);
}
