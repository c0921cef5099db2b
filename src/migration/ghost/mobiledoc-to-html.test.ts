import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrationFile, migrationFilesDir } from '../../../test/helpers/migration-files.js';
import { mobiledocToHtml } from './mobiledoc-to-html.js';

const mobiledoc = (parts: { markups?: unknown[]; atoms?: unknown[]; cards?: unknown[]; sections: unknown[] }): string =>
  JSON.stringify({ version: '0.3.1', markups: [], atoms: [], cards: [], ...parts });

describe('mobiledocToHtml', () => {
  it('opens and closes markups by count, with links and soft returns', () => {
    const html = mobiledocToHtml(
      mobiledoc({
        markups: [['strong'], ['a', ['href', 'https://example.org/?a&b']], ['blink']],
        atoms: [['soft-return', '', {}]],
        sections: [
          [
            1,
            'p',
            [
              [0, [0], 0, 'bold '],
              [0, [1], 2, 'link'],
              [1, [], 0, 0],
              [0, [2], 1, '<x>'],
            ],
          ],
          [1, 'h2', [[0, [], 0, 'Head']]],
          [1, 'aside', [[0, [], 0, 'Quote']]],
          [3, 'ol', [[[0, [], 0, 'one']], [[0, [], 0, 'two']]]],
        ],
      }),
    ).html;
    expect(html).toBe(
      '<p><strong>bold <a href="https://example.org/?a&amp;b">link</a></strong><br>&lt;x&gt;</p><h2>Head</h2><blockquote>Quote</blockquote><ol><li>one</li><li>two</li></ol>',
    );
  });

  it('maps cards and reports the html card', () => {
    const { html, warnings } = mobiledocToHtml(
      mobiledoc({
        cards: [
          ['image', { src: '/a.jpg', alt: 'A', caption: 'Cap' }],
          ['markdown', { markdown: '# Title\n\n*it*' }],
          ['code', { code: '<b>', language: 'html' }],
          ['hr', {}],
          ['html', { html: '<div>raw</div>' }],
          ['embed', { url: 'https://twitter.com/ghost/status/123', html: '<blockquote></blockquote>' }],
        ],
        sections: [
          [10, 0],
          [10, 1],
          [10, 2],
          [10, 3],
          [10, 4],
          [10, 5],
        ],
      }),
    );
    expect(html).toBe(
      '<figure><img src="/a.jpg" alt="A"><figcaption>Cap</figcaption></figure><h1>Title</h1>\n<p><em>it</em></p>\n<pre><code class="language-html">&lt;b&gt;</code></pre><hr><div>raw</div><figure class="embed"><a href="https://x.com/ghost/status/123">https://x.com/ghost/status/123</a></figure>',
    );
    expect(warnings).toEqual(["card 'html' sanitized"]);
  });

  it.skipIf(!migrationFilesDir)("converts the Ghost 3.3 export's gallery, bookmark and embed cards", () => {
    const raw = JSON.parse(readFileSync(migrationFile('ghost/ghost-3.3-theme-unit-test.json'), 'utf8')) as {
      db: [{ data: { posts: { slug: string; mobiledoc: string }[] } }];
    };
    const body = (slug: string) => mobiledocToHtml(raw.db[0].data.posts.find((post) => post.slug === slug)!.mobiledoc);
    const editor = body('the-editor').html;
    expect(editor).toContain('<figure class="gallery"><img src="https://static.ghost.org/v3.0.0/images/gallery-sample-1.jpg" alt="">');
    expect(editor).toContain('<p><a href="https://ghost.org/">Ghost: The #1 open source headless Node.js CMS</a></p>');
    expect(body('vimeo-embeds').warnings).toEqual(["embed 'player.vimeo.com' kept as a link"]);
    expect(body('youtube-embeds').html).toBe(
      // The trailing empty paragraph is the file's own empty section.
      '<figure class="embed"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">https://www.youtube.com/watch?v=dQw4w9WgXcQ</a></figure><p></p>',
    );
  });
});
