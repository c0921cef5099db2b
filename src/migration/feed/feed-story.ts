import { slugify } from '../../content/slug.js';
import type { SourceStory } from '../source-model.js';
import type { FeedItem } from './feed-item.js';
import { htmlToPlainText } from './feed-text.js';

// One feed item as a story. Feeds carry only what is public, so every item is a
// published post; nothing in a feed can be a draft or a restricted story.

/** "/a/b/?x=1" from an absolute URL: the path the old site answered at. */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/**
 * The old slug, from the link's last segment. RebelMouse links end "/{basename}-{id}.html",
 * the id a long number; the basename is the slug.
 */
export function slugFromLink(link: string | null): string {
  if (!link) return '';
  const segment = new URL(link).pathname.split('/').filter(Boolean).pop() ?? '';
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    name = segment;
  }
  return slugify(/\.html?$/i.test(name) ? name.replace(/\.html?$/i, '').replace(/-\d{6,}$/, '') : name);
}

function isoDate(text: string, field: string, warnings: string[]): string | null {
  if (!text) return null;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    warnings.push(`${field} "${text}" is not a date: left empty`);
    return null;
  }
  return date.toISOString();
}

export function feedStory(item: FeedItem, sourceId: string, section: string | null): SourceStory {
  const warnings: string[] = [];
  const bodyFromSummary = !item.contentHtml.trim();
  const bodyHtml = bodyFromSummary ? item.summaryHtml : item.contentHtml;
  const absolute = [item.link, ...item.otherUrls].filter((url): url is string => url !== null);
  const [leadImage, ...otherImages] = item.images;
  for (const image of otherImages) {
    if (!bodyHtml.includes(image.url)) warnings.push(`image ${image.url} is neither the lead image nor in the body: not imported`);
  }
  return {
    sourceId,
    type: 'post',
    title: item.title,
    slug: slugFromLink(item.link),
    // A summary that became the body is not repeated above it as a dek.
    dek: bodyFromSummary ? '' : htmlToPlainText(item.summaryHtml),
    excerpt: '',
    bodyHtml,
    state: 'published',
    restriction: null,
    publishedAt: isoDate(item.published || item.updated, 'publication date', warnings),
    updatedAt: isoDate(item.updated, 'update date', warnings),
    createdAt: null,
    authors: [...new Set(item.authors.map((a) => a.name))],
    sections: section === null ? [] : [section],
    tags: [...new Set(item.categories)],
    leadImage: leadImage ?? null,
    seoTitle: '',
    seoDescription: '',
    oldUrls: [...new Set(absolute.flatMap((url) => [url, pathOf(url)]))],
    parentSourceId: null,
    warnings,
  };
}

/** The same item seen again (in another section's feed): one story, every section kept, first first. */
export function mergeStory(story: SourceStory, again: SourceStory): void {
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
  story.sections = union(story.sections, again.sections);
  story.tags = union(story.tags, again.tags);
  story.authors = union(story.authors, again.authors);
  story.oldUrls = union(story.oldUrls, again.oldUrls);
}
