import type { FeedChannelView, FeedItemView } from './feed-view.js';
import { rfc822, xmlChars, xmlText } from './xml-text.js';
import { escapeHtml } from '../blocks/escape-html.js';

// RSS 2.0 (https://www.rssboard.org/rss-specification) in three parts, so the HTTP
// layer can stream items as they are loaded. Full text goes in content:encoded, the
// lead image in an enclosure and media:content, an update time in atom:updated.

export function rssStart(channel: FeedChannelView): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"' +
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">\n<channel>\n' +
    `<title>${xmlText(channel.title)}</title>\n` +
    `<link>${xmlText(channel.homeUrl)}</link>\n` +
    `<description>${xmlText(escapeHtml(channel.description))}</description>\n` +
    `<language>${xmlText(channel.language)}</language>\n` +
    `<lastBuildDate>${rfc822(channel.updatedAt)}</lastBuildDate>\n` +
    `<atom:link href="${xmlText(channel.feedUrl)}" rel="self" type="application/rss+xml"/>\n` +
    '<generator>Masthead</generator>\n'
  );
}

/** CDATA cannot contain "]]>", so it is split across two sections. */
function cdata(html: string): string {
  return `<![CDATA[${xmlChars(html).replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function rssItem(item: FeedItemView): string {
  const parts = [
    `<title>${xmlText(item.title)}</title>`,
    `<link>${xmlText(item.url)}</link>`,
    `<guid isPermaLink="true">${xmlText(item.url)}</guid>`,
    `<pubDate>${rfc822(item.publishedAt)}</pubDate>`,
    ...(item.updatedAt ? [`<atom:updated>${xmlText(item.updatedAt)}</atom:updated>`] : []),
    ...item.authors.map((author) => `<dc:creator>${xmlText(author.name)}</dc:creator>`),
    ...item.categories.map((category) => `<category>${xmlText(category)}</category>`),
    // Readers render <description> as HTML: the plain-text summary is HTML-escaped first,
    // so markup typed into a dek reaches them as text, never as tags.
    `<description>${xmlText(escapeHtml(item.summary))}</description>`,
    ...(item.contentHtml !== null ? [`<content:encoded>${cdata(item.contentHtml)}</content:encoded>`] : []),
    ...(item.image
      ? [
          // RSS requires a length; 0 is the RSS Advisory Board's advice when it is unknown.
          `<enclosure url="${xmlText(item.image.url)}" length="0" type="image/jpeg"/>`,
          `<media:content url="${xmlText(item.image.url)}" medium="image" type="image/jpeg" width="${item.image.width}" height="${item.image.height}">` +
            `<media:description type="plain">${xmlText(item.image.alt)}</media:description></media:content>`,
        ]
      : []),
  ];
  return `<item>\n${parts.join('\n')}\n</item>\n`;
}

export function rssEnd(): string {
  return '</channel>\n</rss>\n';
}
