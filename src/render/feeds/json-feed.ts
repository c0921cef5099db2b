import type { FeedChannelView, FeedItemView } from './feed-view.js';

// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) in three parts, so the HTTP
// layer can stream items as they are loaded: start, items joined by commas, end.

export function jsonFeedStart(channel: FeedChannelView): string {
  const head = {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.homeUrl,
    feed_url: channel.feedUrl,
    description: channel.description,
    language: channel.language,
    favicon: channel.iconUrl,
  };
  // The object is closed by jsonFeedEnd: its last key, "items", is written open.
  return `${JSON.stringify(head).slice(0, -1)},"items":[`;
}

export function jsonFeedItem(item: FeedItemView, first: boolean): string {
  const entry = {
    id: item.url,
    url: item.url,
    title: item.title,
    ...(item.contentHtml !== null ? { content_html: item.contentHtml } : { content_text: item.summary }),
    summary: item.summary,
    ...(item.image && { image: item.image.url }),
    date_published: item.publishedAt,
    ...(item.updatedAt && { date_modified: item.updatedAt }),
    ...(item.authors.length > 0 && { authors: item.authors.map((a) => ({ name: a.name, url: a.url })) }),
    ...(item.categories.length > 0 && { tags: item.categories }),
  };
  return `${first ? '' : ','}${JSON.stringify(entry)}`;
}

export function jsonFeedEnd(): string {
  return ']}';
}
