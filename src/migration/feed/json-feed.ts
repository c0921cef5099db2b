import { z } from 'zod';
import { SourceFormatError } from '../source-model.js';
import type { FeedAuthor, FeedItem, FeedPage } from './feed-item.js';
import { absoluteUrl, plainTextToHtml } from './feed-text.js';

// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/). 1.1 replaced `author`
// with `authors`; both are read.

const author = z.object({ name: z.string().optional(), url: z.string().optional(), avatar: z.string().optional() });

const item = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  url: z.string().optional(),
  title: z.string().optional(),
  content_html: z.string().optional(),
  content_text: z.string().optional(),
  summary: z.string().optional(),
  image: z.string().optional(),
  date_published: z.string().optional(),
  date_modified: z.string().optional(),
  author: author.optional(),
  authors: z.array(author).optional(),
  tags: z.array(z.string()).optional(),
  attachments: z.array(z.object({ url: z.string(), mime_type: z.string(), title: z.string().optional() })).optional(),
});

const feed = z.object({
  version: z.string(),
  title: z.string().optional(),
  home_page_url: z.string().optional(),
  next_url: z.string().optional(),
  items: z.array(item),
});

export const JSON_FEED_VERSION = /^https?:\/\/jsonfeed\.org\/version\/1(\.1)?$/;

function feedAuthor(a: z.infer<typeof author>, base: string | null): FeedAuthor {
  return { name: a.name?.trim() ?? '', email: '', url: absoluteUrl(a.url ?? '', base), avatarUrl: absoluteUrl(a.avatar ?? '', base) };
}

function jsonItem(entry: z.infer<typeof item>, base: string | null): FeedItem {
  const imageUrls = [entry.image, ...(entry.attachments ?? []).filter((a) => a.mime_type.startsWith('image/')).map((a) => a.url)]
    .map((url) => absoluteUrl(url ?? '', base))
    .filter((url): url is string => url !== null);
  return {
    id: entry.id,
    title: entry.title?.trim() ?? '',
    link: absoluteUrl(entry.url ?? '', base),
    otherUrls: [],
    published: entry.date_published ?? '',
    updated: entry.date_modified ?? '',
    contentHtml: entry.content_html ?? plainTextToHtml(entry.content_text ?? ''),
    summaryHtml: entry.summary ? plainTextToHtml(entry.summary) : '',
    authors: (entry.authors ?? (entry.author ? [entry.author] : [])).map((a) => feedAuthor(a, base)).filter((a) => a.name),
    categories: (entry.tags ?? []).map((t) => t.trim()).filter(Boolean),
    images: [...new Set(imageUrls)].map((url) => ({ sourceId: null, url, alt: '', caption: '', credit: '', title: '' })),
  };
}

/** Reads a parsed JSON document that claims to be a JSON Feed; refuses it when it is not one. */
export function readJsonFeed(data: unknown, documentUrl: string | null, source: string): FeedPage {
  const parsed = feed.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SourceFormatError(`${source} is not a JSON Feed: ${issue.path.join('.') || 'document'}: ${issue.message}`);
  }
  const { title, home_page_url, next_url, items, version } = parsed.data;
  if (!JSON_FEED_VERSION.test(version)) throw new SourceFormatError(`${source} is not a JSON Feed (version "${version}")`);
  const link = absoluteUrl(home_page_url ?? '', documentUrl);
  const base = documentUrl ?? link;
  return {
    format: 'json',
    title: title?.trim() ?? '',
    link,
    nextUrl: absoluteUrl(next_url ?? '', base),
    items: items.map((entry) => jsonItem(entry, base)),
  };
}
