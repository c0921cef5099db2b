import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceFormatError, type SourceEvent } from '../source-model.js';
import { FeedInputError, NOT_IN_ANY_FEED, openFeedSource, type FeedFetch } from './feed-reader.js';

// A real HTTP server on 127.0.0.1 serves invented RebelMouse-style feeds: per-section
// feeds paged with ?page=N, one that ignores ?page (as a non-RebelMouse server would), an
// Atom feed paged by rel="next", a sitemap index, and a feed whose second page is broken.

const item = (id: string, title: string, extra = '') =>
  `<item><title>${title}</title><link>/${id}.html</link><guid isPermaLink="false">${id}</guid>` +
  `<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate>${extra}</item>`;
const rss = (title: string, items: string[]) =>
  `<?xml version="1.0"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${title}</title>` +
  `<link>http://old.example/</link>${items.join('')}</channel></rss>`;
const urlset = (paths: string[]) =>
  `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((p) => `<url><loc>${origin}${p}</loc></url>`).join('')}</urlset>`;

const docks = item('docks-2659130001', 'Docks reopen', '<dc:creator>Ines Okafor</dc:creator><category>Harbor</category>');
const ferry = item('ferry-2659130002', 'Ferry returns', '<dc:creator>Ines Okafor</dc:creator>');
const tides = item('tides-2659130003', 'Tides', '<dc:creator>Tom Brandt</dc:creator>');
const gulls = item('gulls-2659130004', 'Gull census', '<category>Wildlife</category>');

let origin = '';
const PAGES: Record<string, () => string> = {
  '/feeds/waterfront.rss': () => rss('Harbor Light - Waterfront', [docks, ferry]),
  '/feeds/waterfront.rss?page=2': () => rss('Harbor Light - Waterfront', [tides]),
  '/feeds/waterfront.rss?page=3': () => rss('Harbor Light - Waterfront', []),
  // Every ?page=N answers the same items: paging stops at the first page with nothing new.
  '/feeds/nature.rss': () => rss('Harbor Light - Nature', [gulls, ferry]),
  '/feeds/nature.rss?page=2': () => rss('Harbor Light - Nature', [gulls, ferry]),
  '/atom': () =>
    `<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><link rel="next" href="/atom-next"/>` +
    `<entry><id>a1</id><title>First</title><link href="/first"/><updated>2025-03-01T00:00:00Z</updated></entry></feed>`,
  '/atom-next': () =>
    `<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>` +
    `<entry><id>a2</id><title>Second</title><link href="/second"/><updated>2025-03-02T00:00:00Z</updated></entry></feed>`,
  '/feeds/broken.rss': () => rss('Broken', [docks]),
  '/feeds/broken.rss?page=2': () => '<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<item><title>x</item></channel></rss>',
  '/sitemap_index.xml': () =>
    `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${origin}/sitemap-posts.xml</loc></sitemap></sitemapindex>`,
  '/sitemap-posts.xml': () => urlset(['/', '/docks-2659130001.html', '/tides-2659130003.html/', '/lost-story-2659120000.html']),
};

let server: Server;
const requested: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requested.push(request.url ?? '');
    const page = PAGES[request.url ?? ''];
    response.writeHead(page ? 200 : 404, { 'content-type': 'application/rss+xml' }).end(page ? page() : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const fetchForTests: FeedFetch = async (url) => {
  const response = await fetch(url);
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: Buffer.from(await response.arrayBuffer()),
  };
};

async function readAll(inputs: string[], sitemaps: string[] = []): Promise<SourceEvent[]> {
  const reader = await openFeedSource(inputs, { fetch: fetchForTests, sitemaps });
  const events: SourceEvent[] = [];
  for await (const event of reader.events()) events.push(event);
  await reader.close();
  return events;
}

const stories = (events: SourceEvent[]) => events.flatMap((e) => (e.kind === 'story' ? [e.story] : []));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('openFeedSource over HTTP', () => {
  it('follows ?page=N until a page has no items, and merges an item seen in two section feeds', async () => {
    requested.length = 0;
    const events = await readAll([`${origin}/feeds/waterfront.rss`, `${origin}/feeds/nature.rss`]);
    expect(requested).toEqual([
      '/feeds/waterfront.rss',
      '/feeds/waterfront.rss?page=2',
      '/feeds/waterfront.rss?page=3',
      '/feeds/nature.rss',
      '/feeds/nature.rss?page=2',
    ]);
    expect(events[0]).toEqual({
      kind: 'site',
      site: {
        system: 'feed',
        baseUrl: origin,
        identity: `feed ${origin}`,
        title: 'Harbor Light - Waterfront',
        stories: expect.any(Number),
      },
    });
    expect(events[0]!.kind === 'site' && events[0]!.site.stories).toBe(events.filter((e) => e.kind === 'story').length);
    expect(events.filter((e) => e.kind === 'person').map((e) => e.kind === 'person' && e.person.sourceId)).toEqual([
      'Ines Okafor',
      'Tom Brandt',
    ]);
    expect(events.filter((e) => e.kind === 'term').map((e) => e.kind === 'term' && [e.term.kind, e.term.sourceId])).toEqual([
      ['section', 'waterfront'],
      ['section', 'nature'],
      ['tag', 'Harbor'],
      ['tag', 'Wildlife'],
    ]);
    expect(stories(events).map((s) => [s.sourceId, s.sections])).toEqual([
      ['docks-2659130001', ['waterfront']],
      ['ferry-2659130002', ['waterfront', 'nature']],
      ['tides-2659130003', ['waterfront']],
      ['gulls-2659130004', ['nature']],
    ]);
    expect(stories(events)[0]).toMatchObject({
      slug: 'docks',
      oldUrls: [`${origin}/docks-2659130001.html`, '/docks-2659130001.html'],
      publishedAt: '2025-03-04T10:00:00.000Z',
      state: 'published',
      authors: ['Ines Okafor'],
    });
  });

  it('follows rel="next" links when the feed gives them', async () => {
    const events = await readAll([`${origin}/atom`]);
    expect(stories(events).map((s) => s.title)).toEqual(['First', 'Second']);
  });

  it('reports sitemap pages that no feed carries, following a sitemap index', async () => {
    const events = await readAll([`${origin}/feeds/waterfront.rss`], [`${origin}/sitemap_index.xml`]);
    expect(events.filter((e) => e.kind === 'skipped')).toEqual([
      { kind: 'skipped', sourceId: `${origin}/lost-story-2659120000.html`, reason: NOT_IN_ANY_FEED },
    ]);
  });

  it('refuses the whole import when a later page is broken, before yielding anything', async () => {
    const opening = openFeedSource([`${origin}/feeds/broken.rss`], { fetch: fetchForTests });
    await expect(opening).rejects.toBeInstanceOf(SourceFormatError);
    await expect(opening).rejects.toMatchObject({ line: 4, message: expect.stringContaining('/feeds/broken.rss?page=2') });
  });

  it('refuses a feed URL that does not answer', async () => {
    await expect(readAll([`${origin}/feeds/missing.rss`])).rejects.toThrow(FeedInputError);
  });
});

describe('openFeedSource from files', () => {
  it('maps RSS with Media RSS to stories with a captioned, credited lead image, and no paging', async () => {
    const events = await readAll([fixture('section-feed.rss')]);
    expect(events[0]).toMatchObject({ site: { baseUrl: 'https://harborlight.example', identity: 'feed https://harborlight.example' } });
    expect(events.filter((e) => e.kind === 'person')).toHaveLength(2);
    const [ferry, union] = stories(events);
    expect(ferry).toMatchObject({
      sourceId: '2659134590',
      title: 'Ferry service returns to the north pier',
      slug: 'ferry-service-returns',
      dek: 'After three years, boats & riders are back.',
      bodyHtml: '<p>The first ferry left at 6:40.</p><p>Riders cheered.</p>',
      publishedAt: '2025-03-04T19:30:00.000Z',
      authors: ['Ines Okafor', 'Tom Brandt'],
      sections: [],
      tags: ['Transport', 'Harbor'],
      leadImage: { caption: 'The Marigold leaves the north pier.', credit: 'Ana Ruiz / Harbor Light', title: 'The Marigold at dawn' },
    });
    // Without content:encoded the description is the body, and is not repeated as a dek.
    expect(union).toMatchObject({ dek: '', bodyHtml: 'The union meets tonight.' });
    expect(union!.warnings).toEqual([
      'image https://images.harborlight.example/hall.png is neither the lead image nor in the body: not imported',
    ]);
  });

  it('maps Atom and JSON Feed items, updated dates and plain-text deks included', async () => {
    const [atom, json] = stories(await readAll([fixture('feed.atom'), fixture('feed.json')]));
    expect(atom).toMatchObject({
      title: 'Tides & times',
      dek: 'When to walk the causeway.',
      publishedAt: '2025-03-05T07:00:00.000Z',
      updatedAt: '2025-03-05T11:15:00.000Z',
      leadImage: { url: 'https://images.harborlight.example/tide.jpg' },
    });
    expect(json).toMatchObject({ dek: 'Numbers are <up>', tags: ['Wildlife'], updatedAt: '2025-03-06T09:00:00.000Z' });
  });
});
