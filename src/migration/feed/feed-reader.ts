import type { SourceEvent, SourceReader } from '../source-model.js';
import { feedEvents } from './feed-events.js';
import { readFeedInput } from './feed-pages.js';
import type { FeedFetch } from './load-document.js';
import { readSitemapUrls } from './sitemap.js';

export { FeedInputError, type FeedFetch } from './load-document.js';
export { NOT_IN_ANY_FEED } from './feed-events.js';

// The RebelMouse path (`masthead migrate-from feed URL|FILE… [--sitemap URL|FILE…]`):
// RSS 2.0, Atom 1.0 and JSON Feed, with Media RSS, read from URLs (paged) or files.
// Every page and sitemap is fetched and checked while opening, so a broken page fails
// the import before the runner writes anything (SourceReader's contract).

export interface FeedSourceOptions {
  /** Sitemaps (URLs or files) whose pages no feed carries are reported as skipped. */
  sitemaps?: string[];
  fetch: FeedFetch;
}

/**
 * Opens feeds for import. Throws SourceFormatError (with the line, where known) for a
 * document that is not well-formed or not a feed or sitemap, and FeedInputError for an
 * input that cannot be read (missing file, HTTP error, refused address).
 */
export async function openFeedSource(inputs: string[], options: FeedSourceOptions): Promise<SourceReader> {
  const feeds = [];
  for (const input of inputs) feeds.push(await readFeedInput(input, options.fetch));
  const sitemapUrls: string[] = [];
  for (const sitemap of options.sitemaps ?? []) sitemapUrls.push(...(await readSitemapUrls(sitemap, options.fetch)));
  let events: SourceEvent[] | null = feedEvents(feeds, sitemapUrls);
  return {
    async *events() {
      if (events === null) throw new Error('the feed source has been read already');
      const once = events;
      events = null;
      yield* once;
    },
    // A feed carries no bytes of its own: images are fetched from their URLs.
    asset: async () => null,
    close: async () => {
      events = null;
    },
  };
}
