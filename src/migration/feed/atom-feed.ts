import type { FeedItem, FeedPage } from './feed-item.js';
import { NS } from './feed-namespaces.js';
import { absoluteUrl, collapseSpace, htmlToPlainText, plainTextToHtml } from './feed-text.js';
import { mediaImages } from './media-rss.js';
import { attribute, childElement, childElements, childText, innerMarkup, textOf, type XmlElement } from './xml-tree.js';

// Atom 1.0 (RFC 4287), with Media RSS inside entries and RFC 5005 rel="next" paging.

/** A text construct as HTML (§3.1): type="text" is plain, "html" escaped markup, "xhtml" one div. */
function textConstructHtml(element: XmlElement | undefined): string {
  if (!element) return '';
  switch (attribute(element, 'type')) {
    case 'html':
      return textOf(element);
    case 'xhtml': {
      const div = childElement(element, 'http://www.w3.org/1999/xhtml', 'div');
      return div ? innerMarkup(div).trim() : '';
    }
    default:
      return plainTextToHtml(textOf(element));
  }
}

function textConstructPlain(element: XmlElement | undefined): string {
  if (!element) return '';
  return attribute(element, 'type') === 'text' || !attribute(element, 'type')
    ? collapseSpace(textOf(element))
    : htmlToPlainText(textConstructHtml(element));
}

/** rel defaults to "alternate" (§4.2.7.2). */
function linkHref(parent: XmlElement, rel: string, base: string | null): string | null {
  const link = childElements(parent, NS.atom, 'link').find((l) => (attribute(l, 'rel') || 'alternate') === rel);
  return link ? absoluteUrl(attribute(link, 'href'), base) : null;
}

function atomEntry(entry: XmlElement, base: string | null): FeedItem {
  const media = mediaImages(entry, base);
  const enclosures = childElements(entry, NS.atom, 'link')
    .filter((l) => attribute(l, 'rel') === 'enclosure' && attribute(l, 'type').startsWith('image/'))
    .map((l) => absoluteUrl(attribute(l, 'href'), base))
    .filter((url): url is string => url !== null && !media.some((m) => m.url === url))
    .map((url) => ({ sourceId: null, url, alt: '', caption: '', credit: '', title: '' }));
  const content = childElement(entry, NS.atom, 'content');
  return {
    id: childText(entry, NS.atom, 'id') || null,
    title: textConstructPlain(childElement(entry, NS.atom, 'title')),
    link: linkHref(entry, 'alternate', base),
    otherUrls: [],
    published: childText(entry, NS.atom, 'published'),
    updated: childText(entry, NS.atom, 'updated'),
    // Content with src= lives elsewhere (§4.1.3.2): there is nothing here to import.
    contentHtml: content && !attribute(content, 'src') ? textConstructHtml(content) : '',
    summaryHtml: textConstructHtml(childElement(entry, NS.atom, 'summary')),
    authors: childElements(entry, NS.atom, 'author')
      .map((a) => ({
        name: childText(a, NS.atom, 'name'),
        email: childText(a, NS.atom, 'email'),
        url: absoluteUrl(childText(a, NS.atom, 'uri'), base),
        avatarUrl: null,
      }))
      .filter((a) => a.name),
    categories: childElements(entry, NS.atom, 'category')
      .map((c) => attribute(c, 'term') || attribute(c, 'label'))
      .filter(Boolean),
    images: [...media, ...enclosures],
  };
}

export function readAtom(feed: XmlElement, documentUrl: string | null): FeedPage {
  const link = linkHref(feed, 'alternate', documentUrl);
  const base = documentUrl ?? link;
  return {
    format: 'atom',
    title: textConstructPlain(childElement(feed, NS.atom, 'title')),
    link,
    nextUrl: linkHref(feed, 'next', base),
    items: childElements(feed, NS.atom, 'entry').map((entry) => atomEntry(entry, base)),
  };
}
