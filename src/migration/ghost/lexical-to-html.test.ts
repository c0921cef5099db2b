import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrationFile, migrationFilesDir } from '../../../test/helpers/migration-files.js';
import { lexicalToHtml } from './lexical-to-html.js';

const doc = (...children: unknown[]): string => JSON.stringify({ root: { type: 'root', children } });
const text = (value: string, format = 0) => ({ type: 'extended-text', text: value, format });
const paragraph = (...children: unknown[]) => ({ type: 'paragraph', children });

describe('lexicalToHtml', () => {
  it('writes text formats as nested marks and escapes text', () => {
    const { html } = lexicalToHtml(doc(paragraph(text('a<b', 1 | 2), { type: 'linebreak' }, text('x()', 16))));
    expect(html).toBe('<p><strong><em>a&lt;b</em></strong><br><code>x()</code></p>');
  });

  it('writes headings, quotes, nested lists, links and rules', () => {
    const list = {
      type: 'list',
      listType: 'number',
      children: [
        {
          type: 'listitem',
          children: [text('one'), { type: 'list', listType: 'bullet', children: [{ type: 'listitem', children: [text('inner')] }] }],
        },
      ],
    };
    const { html, warnings } = lexicalToHtml(
      doc(
        { type: 'extended-heading', tag: 'h3', children: [text('Head')] },
        { type: 'extended-quote', children: [text('Said')] },
        list,
        paragraph({ type: 'link', url: 'https://example.org/?a=1&b="2"', children: [text('link')] }),
        { type: 'horizontalrule' },
      ),
    );
    expect(html).toBe(
      '<h3>Head</h3><blockquote>Said</blockquote><ol><li>one<ul><li>inner</li></ul></li></ol><p><a href="https://example.org/?a=1&amp;b=&quot;2&quot;">link</a></p><hr>',
    );
    expect(warnings).toEqual([]);
  });

  it('maps image, gallery, embed, bookmark and callout cards to the source-model forms', () => {
    const { html, warnings } = lexicalToHtml(
      doc(
        { type: 'image', src: '__GHOST_URL__/content/images/a.jpg', alt: 'A', caption: 'Cap <b>b</b>' },
        { type: 'gallery', images: [{ src: '/1.jpg', alt: 'one' }, { src: '/2.jpg' }], caption: 'Two' },
        { type: 'embed', url: 'https://youtu.be/aqz-KE-bpKQ', html: '<iframe></iframe>', caption: '' },
        { type: 'embed', url: 'https://bsky.app/profile/example.com/post/3k2a', caption: '' },
        { type: 'embed', url: 'https://vimeo.com/1', caption: 'Film' },
        { type: 'bookmark', url: 'https://ghost.org/', metadata: { title: 'Ghost' } },
        { type: 'callout', calloutText: 'Note <em>this</em>', calloutEmoji: '💡' },
      ),
    );
    expect(html).toBe(
      [
        '<figure><img src="__GHOST_URL__/content/images/a.jpg" alt="A"><figcaption>Cap <b>b</b></figcaption></figure>',
        '<figure class="gallery"><img src="/1.jpg" alt="one"><img src="/2.jpg" alt=""><figcaption>Two</figcaption></figure>',
        '<figure class="embed"><a href="https://www.youtube.com/watch?v=aqz-KE-bpKQ">https://www.youtube.com/watch?v=aqz-KE-bpKQ</a></figure>',
        '<figure class="embed"><a href="https://bsky.app/profile/example.com/post/3k2a">https://bsky.app/profile/example.com/post/3k2a</a></figure>',
        '<p><a href="https://vimeo.com/1">https://vimeo.com/1</a></p><p>Film</p>',
        '<p><a href="https://ghost.org/">Ghost</a></p>',
        '<blockquote><p>💡</p><p>Note <em>this</em></p></blockquote>',
      ].join(''),
    );
    expect(warnings).toEqual(["embed 'vimeo.com' kept as a link"]);
  });

  it('reports every card it cannot map, once per type', () => {
    const { html, warnings } = lexicalToHtml(
      doc(
        { type: 'html', html: '<script>x()</script><table></table>' },
        { type: 'html', html: '<p>again</p>' },
        { type: 'toggle', heading: 'Q', content: '<p>A</p>' },
        { type: 'button', buttonText: 'Give', buttonUrl: 'https://example.org/give' },
        { type: 'signup', header: 'Join us', subheader: '' },
        { type: 'paywall' },
        { type: 'markdown', markdown: '**bold**' },
      ),
    );
    expect(warnings).toEqual([
      "card 'html' sanitized",
      "card 'toggle' kept as text",
      "card 'button' kept as a link",
      "card 'signup' kept as text",
      "card 'paywall' dropped",
    ]);
    expect(html).toContain(
      '<p><strong>Q</strong></p><p>A</p><p><a href="https://example.org/give">Give</a></p><p>Join us</p><p><strong>bold</strong></p>',
    );
  });

  it('drops a body that is not lexical JSON, with a warning', () => {
    expect(lexicalToHtml('{oops')).toEqual({ html: '', warnings: ['lexical body is not valid JSON: dropped'] });
  });

  it.skipIf(!migrationFilesDir)("renders Ghost 6.65's lexical bodies to the same text as its html column", () => {
    const raw = JSON.parse(readFileSync(migrationFile('ghost/northfield-dispatch.ghost-6.65.json'), 'utf8')) as {
      db: [{ data: { posts: { slug: string; lexical: string; html: string }[] } }];
    };
    const ferry = raw.db[0].data.posts.find((post) => post.slug === 'night-ferry-trial-approved')!;
    expect(lexicalToHtml(ferry.lexical).html).toContain(
      '<h2>Who pays</h2><p>The trial will cost about £410,000, raised through a <strong>new levy</strong>',
    );
    const library = raw.db[0].data.posts.find((post) => post.slug === 'library-hours-vote-delayed')!;
    expect(lexicalToHtml(library.lexical).html).toContain(
      '<figure><img src="__GHOST_URL__/content/images/2026/12/library.jpg" alt="The central library reading room (generated placeholder image)"><figcaption>The reading room on a weekday afternoon. <span>Photo: Dispatch staff</span></figcaption></figure>',
    );
  });
});
