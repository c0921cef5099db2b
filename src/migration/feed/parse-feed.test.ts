import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SourceFormatError } from '../source-model.js';
import { parseFeed } from './parse-feed.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const parse = (text: string) => parseFeed(Buffer.from(text), null, 'test.xml');

function refusal(run: () => unknown): SourceFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof SourceFormatError) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

describe('parseFeed', () => {
  it('reads RSS 2.0 with content, dc and Media RSS matched by namespace URI, not prefix', () => {
    const page = parseFeed(fixture('section-feed.rss'), null, 'section-feed.rss');
    expect(page).toMatchObject({ format: 'rss', title: 'Harbor Light - Waterfront', link: 'https://harborlight.example/waterfront' });
    const [ferry, union] = page.items;
    expect(ferry).toMatchObject({
      id: '2659134590',
      link: 'https://harborlight.example/ferry-service-returns-2659134590.html',
      published: 'Tue, 04 Mar 2025 14:30:00 -0500',
      contentHtml: '<p>The first ferry left at 6:40.</p><p>Riders cheered.</p>',
      summaryHtml: '<p>After three years, boats &amp; riders are <em>back</em>.</p>',
      authors: [{ name: 'Ines Okafor' }, { name: 'Tom Brandt' }],
      categories: ['Transport', 'Harbor'],
    });
    // The decoy "media:" element is in another namespace; the thumbnail inside m:content is
    // a copy of that image, not an image of its own.
    expect(ferry!.images).toEqual([
      {
        sourceId: null,
        url: 'https://images.harborlight.example/ferry.jpg',
        alt: '',
        title: 'The Marigold at dawn',
        caption: 'The Marigold leaves the north pier.',
        credit: 'Ana Ruiz / Harbor Light',
      },
    ]);
    // A relative link resolves against the channel link; the group's credit reaches its
    // contents; a video is no image; an image enclosure counts after the Media RSS ones.
    expect(union!.link).toBe('https://harborlight.example/dock-workers-vote-2659134611.html');
    expect(union!.images.map((i) => [i.url, i.caption, i.credit])).toEqual([
      ['https://images.harborlight.example/union.jpg', 'Members arrive at the hall.', 'Staff photo'],
      ['https://images.harborlight.example/hall.png', '', ''],
    ]);
  });

  it('reads Atom 1.0 text constructs (html, xhtml, text) and Media RSS thumbnails', () => {
    const page = parseFeed(fixture('feed.atom'), null, 'feed.atom');
    expect(page).toMatchObject({ format: 'atom', title: 'Harbor Light', link: 'https://harborlight.example/', nextUrl: null });
    expect(page.items[0]).toMatchObject({
      id: 'tag:harborlight.example,2025:2659134700',
      title: 'Tides & times',
      link: 'https://harborlight.example/tides-and-times-2659134700.html',
      published: '2025-03-05T08:00:00+01:00',
      updated: '2025-03-05T11:15:00Z',
      contentHtml: '<p>Low tide at <strong>10:02</strong>.<br>High at 16:20.</p>',
      summaryHtml: '<p>When to walk the causeway.</p>',
      authors: [{ name: 'Tom Brandt', email: 'tom@harborlight.example' }],
      categories: ['tides'],
      images: [{ url: 'https://images.harborlight.example/tide.jpg' }],
    });
  });

  it('reads JSON Feed 1.1, escaping plain text into HTML', () => {
    const page = parseFeed(fixture('feed.json'), null, 'feed.json');
    expect(page.items[0]).toMatchObject({
      id: '2659134800',
      contentHtml: '<p>Volunteers counted at dawn.</p><p>The tally rose.</p>',
      summaryHtml: '<p>Numbers are &lt;up&gt;</p>',
      authors: [{ name: 'Ana Ruiz', url: 'https://harborlight.example/u/ana-ruiz' }],
      images: [{ url: 'https://images.harborlight.example/gulls.jpg' }],
    });
  });

  it('reads the next page link of RFC 5005 paging', () => {
    const page = parse(
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><link rel="next" href="https://a.example/feed?cursor=2"/></feed>',
    );
    expect(page.nextUrl).toBe('https://a.example/feed?cursor=2');
  });

  it('refuses a feed that is not well-formed, with its line and reason', () => {
    const error = refusal(() => parseFeed(fixture('malformed.rss'), null, 'malformed.rss'));
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/^line 5: malformed\.rss is not well-formed XML: unexpected close tag/);
  });

  it('refuses an unbound namespace prefix, which a prefix-matching reader would let through', () => {
    const error = refusal(() => parse('<rss version="2.0">\n<channel><item><media:content url="x"/></item></channel></rss>'));
    expect(error.line).toBe(2);
    expect(error.message).toContain('unbound namespace prefix');
  });

  it.each([
    ['an HTML page', '<!DOCTYPE html>\n<html><head><title>Home</title></head><body></body></html>', /root element is <html>/],
    ['an OPML outline', '<opml version="2.0"><body/></opml>', /not an RSS 2.0, Atom 1.0 or JSON Feed document/],
    ['RSS 1.0', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', /RSS 1\.0 \(RDF\)/],
    ['an Atom-looking root in no namespace', '<feed><title>t</title></feed>', /root element is <feed>/],
    ['plain text', 'hello', /not an RSS 2.0/],
    ['JSON that is not a feed', '{"posts": []}', /not a JSON Feed/],
    ['JSON Feed of an unknown version', '{"version": "https://jsonfeed.org/version/9", "items": []}', /version/],
  ])('refuses %s', (_what, text, reason) => {
    expect(refusal(() => parse(text)).message).toMatch(reason);
  });

  it('refuses broken JSON with the line where it breaks', () => {
    expect(refusal(() => parse('{\n"version": "https://jsonfeed.org/version/1.1",\n"items": [],\n}')).line).toBe(4);
  });

  it('decodes the encoding the XML declaration names, and refuses bytes that are not in it', () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf\xe9</title></channel></rss>',
      'latin1',
    );
    expect(parseFeed(latin1, null, 'latin1.rss').title).toBe('Café');
    const invalid = Buffer.concat([
      Buffer.from('<rss version="2.0"><channel><title>'),
      Buffer.from([0xff]),
      Buffer.from('</title></channel></rss>'),
    ]);
    expect(refusal(() => parseFeed(invalid, null, 'bad.rss')).message).toContain('not valid utf-8');
  });
});
