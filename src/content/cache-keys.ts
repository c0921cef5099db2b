// Dependency keys: what a rendered reader page shows, and what a content write changed.
// A page records the keys of everything on it; a write logs the keys it touched
// (store/publication/content-version.ts); each process then drops only the cached pages
// that share a key with the write, and the CDN purges the same keys (Surrogate-Key).
// Keys carry no spaces or commas: they travel in Surrogate-Key (space-separated) and
// Cache-Tag (comma-separated) headers.

/** Everything: settings, navigation, formats, taxonomy names, library images. */
export const SITE_KEY = 'site';
/** Full-text search results: any change a reader can see may reorder them. */
export const SEARCH_KEY = 'search';
/** Feeds and sitemaps, which carry bodies and dates of many stories. */
export const DOCUMENTS_KEY = 'documents';
/** Which stories the newest-first list of all stories holds (front, Latest). */
export const ALL_LIST_KEY = 'list:all';

export type ListingKind = 'section' | 'tag' | 'author';

export const cacheKeys = {
  /** A story's own page and its body fragment. */
  story: (id: number) => `story:${id}`,
  /** Any list that shows the story's card: title, dek, image, byline, kicker. */
  card: (id: number) => `card:${id}`,
  /** Which stories a section's, tag's or author's listing holds. */
  list: (kind: ListingKind, slug: string) => `list:${kind}:${slug}`,
};

/** What of a story readers see, as far as cached pages are concerned. */
export interface StoryFacts {
  id: number;
  /** Readers can see it: published, at or after its publication time. */
  live: boolean;
  /** Everything a card shows, as one comparable string. */
  card: string;
  /** The list keys it belongs to while live (list:all, list:section:world…). */
  lists: readonly string[];
  /** Its place in every newest-first list. */
  publishedAt: string | null;
}

/**
 * The keys a story write touches, from what readers saw before to what they see after
 * (null: the story did not exist). A draft's edits touch nothing; a live story's body
 * edit touches its own page only; a new title also every list showing its card; going
 * live or coming down or a new date also every list it is (or was) on, new sections,
 * tags or authors the lists it joins or leaves.
 */
export function storyChangeKeys(before: StoryFacts | null, after: StoryFacts | null): string[] {
  const id = (after ?? before)?.id;
  if (id === undefined || (!before?.live && !after?.live)) return [];
  const keys = new Set([cacheKeys.story(id), SEARCH_KEY, DOCUMENTS_KEY]);
  if (!before?.live || !after?.live || before.publishedAt !== after.publishedAt) {
    keys.add(cacheKeys.card(id));
    for (const list of [...(before?.live ? before.lists : []), ...(after?.live ? after.lists : [])]) keys.add(list);
    return [...keys];
  }
  if (before.card !== after.card) keys.add(cacheKeys.card(id));
  const left = new Set(before.lists);
  const joined = new Set(after.lists);
  for (const list of before.lists) if (!joined.has(list)) keys.add(list);
  for (const list of after.lists) if (!left.has(list)) keys.add(list);
  return [...keys];
}
