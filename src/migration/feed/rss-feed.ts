import type { SourceImage } from '../source-model.js';
import type { FeedAuthor, FeedItem, FeedPage } from './feed-item.js';
import { NS } from './feed-namespaces.js';
import { absoluteUrl } from './feed-text.js';
import { mediaImages } from './media-rss.js';
import { attribute, childElement, childElements, childText, textOf, type XmlElement } from './xml-tree.js';

// RSS 2.0 (https://www.rssboard.org/rss-specification) with the content, dc, Media RSS
// and Atom (rel="next", RFC 5005) extensions that RebelMouse and most CMSs add.

/** RSS `<author>` is "jane@example.org (Jane Doe)"; the name is in the parentheses. */
function rssAuthor(text: string): FeedAuthor {
  const match = /^\s*(\S+@\S+)\s*\((.+)\)\s*$/.exec(text);
  if (match) return { name: match[2]!.trim(), email: match[1]!, url: null, avatarUrl: null };
  return { name: text, email: text.includes('@') ? text : '', url: null, avatarUrl: null };
}

function enclosureImages(item: XmlElement, base: string | null): SourceImage[] {
  return childElements(item, NS.none, 'enclosure')
    .filter((e) => attribute(e, 'type').startsWith('image/'))
    .map((e) => absoluteUrl(attribute(e, 'url'), base))
    .filter((url): url is string => url !== null)
    .map((url) => ({ sourceId: null, url, alt: '', caption: '', credit: '', title: '' }));
}

function rssItem(item: XmlElement, base: string | null): FeedItem {
  const guid = childElement(item, NS.none, 'guid');
  const guidText = textOf(guid);
  const link = absoluteUrl(childText(item, NS.none, 'link'), base);
  // A guid is a permalink unless it says otherwise (isPermaLink defaults to true).
  const guidUrl = guid && attribute(guid, 'isPermaLink') !== 'false' ? absoluteUrl(guidText, base) : null;
  const creators = childElements(item, NS.dc, 'creator').map(textOf).filter(Boolean);
  const authors =
    creators.length > 0
      ? creators.map((name) => ({ name, email: '', url: null, avatarUrl: null }))
      : childElements(item, NS.none, 'author').map(textOf).filter(Boolean).map(rssAuthor);
  const media = mediaImages(item, base);
  return {
    id: guidText || null,
    title: childText(item, NS.none, 'title'),
    link: link ?? guidUrl,
    otherUrls: guidUrl && guidUrl !== link ? [guidUrl] : [],
    published: childText(item, NS.none, 'pubDate') || childText(item, NS.dc, 'date'),
    updated: childText(item, NS.atom, 'updated'),
    contentHtml: childText(item, NS.content, 'encoded'),
    summaryHtml: childText(item, NS.none, 'description'),
    authors,
    categories: childElements(item, NS.none, 'category').map(textOf).filter(Boolean),
    images: [...media, ...enclosureImages(item, base).filter((e) => !media.some((m) => m.url === e.url))],
  };
}

export function readRss(rss: XmlElement, documentUrl: string | null): FeedPage {
  const channel = childElement(rss, NS.none, 'channel');
  if (!channel) return { format: 'rss', title: '', link: null, nextUrl: null, items: [] };
  const link = absoluteUrl(childText(channel, NS.none, 'link'), documentUrl);
  const base = documentUrl ?? link;
  const next = childElements(channel, NS.atom, 'link').find((l) => attribute(l, 'rel') === 'next');
  return {
    format: 'rss',
    title: childText(channel, NS.none, 'title'),
    link,
    nextUrl: next ? absoluteUrl(attribute(next, 'href'), base) : null,
    items: childElements(channel, NS.none, 'item').map((item) => rssItem(item, base)),
  };
}
