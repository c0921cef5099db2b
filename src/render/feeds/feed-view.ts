// What a feed (RSS 2.0 or JSON Feed 1.1) is made from. URLs here are absolute; times
// are ISO-8601 UTC strings.

export interface FeedChannelView {
  title: string;
  description: string;
  /** The page this feed follows, e.g. the section page. */
  homeUrl: string;
  /** The feed's own URL. */
  feedUrl: string;
  /** BCP 47, e.g. "en-US". */
  language: string;
  /** The newest change among the items (or now, for an empty feed). */
  updatedAt: string;
  iconUrl: string;
}

export interface FeedImageView {
  url: string;
  width: number;
  height: number;
  alt: string;
}

export interface FeedItemView {
  url: string;
  title: string;
  /** Plain text. */
  summary: string;
  /** The whole story as safe HTML (render/blocks), or null when the feed carries excerpts only. */
  contentHtml: string | null;
  publishedAt: string;
  /** Set when the story changed after publication. */
  updatedAt: string | null;
  authors: Array<{ name: string; url: string }>;
  /** Section names, then tag names. */
  categories: string[];
  image: FeedImageView | null;
}
