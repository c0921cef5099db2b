import { describe, expect, it } from 'vitest';
import type { FeedChannelView, FeedItemView } from './feed-view.js';
import { jsonFeedEnd, jsonFeedItem, jsonFeedStart } from './json-feed.js';
import { rssEnd, rssItem, rssStart } from './rss.js';
import { newsEntry, newsLanguage, urlEntry } from './sitemap-xml.js';
import { xmlText } from './xml-text.js';

const channel: FeedChannelView = {
  title: 'The <Meridian> & Co',
  description: 'News "quoted"',
  homeUrl: 'https://m.example/',
  feedUrl: 'https://m.example/feed.xml',
  language: 'en-US',
  updatedAt: '2025-04-18T16:00:00Z',
  iconUrl: 'https://m.example/assets/icon.svg',
};
const item: FeedItemView = {
  url: 'https://m.example/walk-away?x=1&y=2',
  title: '</title><script>alert(1)</script>',
  summary: 'A & B',
  contentHtml: '<p>Body with ]]> inside</p>',
  publishedAt: '2025-04-18T09:00:00Z',
  updatedAt: '2025-04-18T16:00:00Z',
  authors: [{ name: 'Jane <Okafor>', url: 'https://m.example/author/jane-okafor' }],
  categories: ['Europe', 'Paris'],
  image: { url: 'https://m.example/media/a.jpg', width: 1500, height: 1000, alt: 'A "quay"' },
};

describe('RSS', () => {
  const xml = rssStart(channel) + rssItem(item) + rssEnd();

  it('escapes every text and attribute, so hostile titles stay text', () => {
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(xml).toContain('<link>https://m.example/walk-away?x=1&amp;y=2</link>');
    expect(xml).toContain('<title>The &lt;Meridian&gt; &amp; Co</title>');
  });

  it('keeps "]]>" in full text from closing the CDATA section early', () => {
    const cdata = /<content:encoded>([\s\S]*?)<\/content:encoded>/.exec(xml)![1]!;
    const joined = [...cdata.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1]).join('');
    expect(joined).toBe('<p>Body with ]]> inside</p>');
  });

  it('dates items in RFC 822 and carries the update time and the image', () => {
    expect(xml).toContain('<pubDate>Fri, 18 Apr 2025 09:00:00 GMT</pubDate>');
    expect(xml).toContain('<atom:updated>2025-04-18T16:00:00Z</atom:updated>');
    expect(xml).toContain('<enclosure url="https://m.example/media/a.jpg" length="0" type="image/jpeg"/>');
  });

  it('leaves out the full text when the feed carries excerpts', () => {
    expect(rssItem({ ...item, contentHtml: null })).not.toContain('content:encoded');
  });
});

describe('JSON Feed', () => {
  it('joins its parts into one JSON document, with or without items', () => {
    const two = JSON.parse(
      jsonFeedStart(channel) + jsonFeedItem(item, true) + jsonFeedItem({ ...item, contentHtml: null }, false) + jsonFeedEnd(),
    );
    expect(two.version).toBe('https://jsonfeed.org/version/1.1');
    expect(two.items).toHaveLength(2);
    expect(two.items[0].content_html).toBe(item.contentHtml);
    expect(two.items[1].content_text).toBe('A & B');
    expect(two.items[0].date_modified).toBe(item.updatedAt);
    expect(JSON.parse(jsonFeedStart(channel) + jsonFeedEnd()).items).toEqual([]);
  });
});

describe('XML text', () => {
  it('drops characters XML 1.0 cannot carry instead of breaking the document', () => {
    expect(xmlText('a\u0000b\u000bc\uFFFEd\uD800e\tf')).toBe('abcde\tf');
  });
});

describe('sitemap entries', () => {
  it('write image and news extensions and a Google News language code', () => {
    expect(urlEntry({ loc: 'https://m.example/a?b&c', lastmod: '2025-04-18T16:00:00Z', images: ['https://m.example/i.jpg'] })).toBe(
      '<url><loc>https://m.example/a?b&amp;c</loc><lastmod>2025-04-18T16:00:00Z</lastmod><image:image><image:loc>https://m.example/i.jpg</image:loc></image:image></url>\n',
    );
    expect(
      newsEntry({
        loc: 'https://m.example/a',
        publicationName: 'M & Co',
        locale: 'en-US',
        publishedAt: '2025-04-18T09:00:00Z',
        title: 'T <1>',
        images: [],
      }),
    ).toContain('<news:name>M &amp; Co</news:name><news:language>en</news:language>');
    expect(newsLanguage('zh-TW')).toBe('zh-tw');
    expect(newsLanguage('fr-FR')).toBe('fr');
  });
});
