import { slugify } from '../../content/slug.js';
import type { SourceEvent, SourcePerson, SourceStory, SourceTerm } from '../source-model.js';
import { itemKey, type FeedAuthor } from './feed-item.js';
import type { FeedInput } from './feed-pages.js';
import { feedStory, mergeStory, pathOf } from './feed-story.js';

// Turns every page of every input into the reader's event stream: site, people, terms,
// stories, then what was skipped. Built whole before the first event, because an item
// seen in a later section feed adds a section to a story met earlier.

export const NOT_IN_ANY_FEED = 'in the sitemap but not in any feed: no content to import';

/** RebelMouse's per-section feeds are /feeds/{section}.rss; /feeds/feed.rss is the whole site. */
export function sectionOfFeedUrl(url: string | null): string | null {
  if (url === null) return null;
  const match = /\/feeds\/([^/]+)\.rss$/.exec(new URL(url).pathname);
  if (!match || match[1] === 'feed') return null;
  return decodeURIComponent(match[1]!);
}

function sectionName(slug: string): string {
  const words = slug.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function term(kind: SourceTerm['kind'], sourceId: string, name: string, oldPaths: string[]): SourceTerm {
  return { sourceId, kind, slug: slugify(sourceId), name, description: '', parentSourceId: null, internal: false, oldPaths };
}

/** A path on the old site, when the URL is on it. */
function sitePath(url: string | null, origin: string | null): string | null {
  if (url === null || origin === null || new URL(url).origin !== origin) return null;
  const path = pathOf(url);
  return path === '/' ? null : path;
}

function person(author: FeedAuthor, origin: string | null): SourcePerson {
  const oldPath = sitePath(author.url, origin);
  return {
    sourceId: author.name,
    slug: slugify(author.name),
    name: author.name,
    bio: '',
    email: author.email,
    imageUrl: author.avatarUrl,
    oldPaths: oldPath ? [oldPath] : [],
  };
}

/** "/a/b/" and "https://old.example/a/b" are one page. */
function pageKey(url: string): string {
  const parsed = new URL(url, 'http://old.invalid');
  return `${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
}

/** Sitemap pages that no story (or section page) answers for: the report must name them. */
function notInAnyFeed(sitemapUrls: string[], stories: SourceStory[], sections: SourceTerm[]): SourceEvent[] {
  const covered = new Set([...stories.flatMap((s) => s.oldUrls), ...sections.flatMap((t) => t.oldPaths)].map(pageKey));
  const missing: SourceEvent[] = [];
  for (const url of sitemapUrls) {
    const key = pageKey(url);
    // The home page ("" once its slash is trimmed) is no story.
    if (key === '' || covered.has(key)) continue;
    covered.add(key);
    missing.push({ kind: 'skipped', sourceId: url, reason: NOT_IN_ANY_FEED });
  }
  return missing;
}

export function siteOf(inputs: FeedInput[]): { baseUrl: string | null; identity: string; title: string } {
  const first = inputs[0];
  const link = first?.url ?? first?.pages[0]?.link ?? null;
  const baseUrl = link ? new URL(link).origin : null;
  return { baseUrl, identity: `feed ${baseUrl ?? first?.source ?? ''}`, title: first?.pages[0]?.title ?? '' };
}

export function feedEvents(inputs: FeedInput[], sitemapUrls: string[]): SourceEvent[] {
  const site = siteOf(inputs);
  const people = new Map<string, SourcePerson>();
  const sections = new Map<string, SourceTerm>();
  const tags = new Map<string, SourceTerm>();
  const stories = new Map<string, SourceStory>();
  const skipped: SourceEvent[] = [];
  for (const input of inputs) {
    const section = sectionOfFeedUrl(input.url);
    if (section !== null && !sections.has(section)) {
      const oldPath = sitePath(input.pages[0]?.link ?? null, site.baseUrl);
      sections.set(section, term('section', section, sectionName(section), oldPath ? [oldPath] : []));
    }
    for (const item of input.pages.flatMap((page) => page.items)) {
      const key = itemKey(item);
      if (key === null) {
        skipped.push({ kind: 'skipped', sourceId: `${input.source} "${item.title}"`, reason: 'feed item with neither an id nor a link' });
        continue;
      }
      item.authors.forEach((a) => people.has(a.name) || people.set(a.name, person(a, site.baseUrl)));
      item.categories.forEach((c) => tags.has(c) || tags.set(c, term('tag', c, c, [])));
      const story = feedStory(item, key, section);
      const known = stories.get(key);
      if (known) mergeStory(known, story);
      else stories.set(key, story);
    }
    if (input.stoppedBefore !== null) {
      skipped.push({ kind: 'skipped', sourceId: input.stoppedBefore, reason: `paging stopped after ${input.pages.length} pages` });
    }
  }
  skipped.push(...notInAnyFeed(sitemapUrls, [...stories.values()], [...sections.values()]));
  return [
    { kind: 'site', site: { system: 'feed', ...site, stories: stories.size } },
    ...[...people.values()].map((p): SourceEvent => ({ kind: 'person', person: p })),
    ...[...sections.values(), ...tags.values()].map((t): SourceEvent => ({ kind: 'term', term: t })),
    ...[...stories.values()].map((s): SourceEvent => ({ kind: 'story', story: s })),
    ...skipped,
  ];
}
