import { describe, expect, it } from 'vitest';
import type { BlockNode, DocumentNode, InlineNode } from '../../content/document.js';
import type { ImageView } from '../html/view-model.js';
import { renderDocumentHtml } from './document-html.js';

const doc = (...content: BlockNode[]): DocumentNode => ({ type: 'doc', content });
const para = (...content: InlineNode[]): BlockNode => ({ type: 'paragraph', content });
const link = (text: string, href: string): InlineNode => ({ type: 'text', text, marks: [{ type: 'link', attrs: { href } }] });

describe('renderDocumentHtml', () => {
  it('renders every block type', () => {
    const html = renderDocumentHtml(
      doc(
        { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Section' }] },
        para({ type: 'text', text: 'One' }, { type: 'hardBreak' }, { type: 'text', text: 'two' }),
        { type: 'blockquote', content: [para({ type: 'text', text: 'Quoted' })] },
        { type: 'pullQuote', attrs: { attribution: 'Ann Smith' }, content: [{ type: 'text', text: 'Big words' }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [para({ type: 'text', text: 'a' })] }] },
        { type: 'orderedList', attrs: { start: 1 }, content: [{ type: 'listItem', content: [para({ type: 'text', text: 'b' })] }] },
        { type: 'orderedList', attrs: { start: 4 }, content: [{ type: 'listItem', content: [para({ type: 'text', text: 'c' })] }] },
        { type: 'horizontalRule' },
      ),
    );
    expect(html).toBe(
      '<h3>Section</h3><p>One<br>two</p><blockquote><p>Quoted</p></blockquote>' +
        '<figure class="pull-quote"><blockquote><p>Big words</p></blockquote><figcaption>Ann Smith</figcaption></figure>' +
        '<ul><li><p>a</p></li></ul><ol><li><p>b</p></li></ol><ol start="4"><li><p>c</p></li></ol><hr>',
    );
  });

  it('omits the figcaption of a pull quote without attribution', () => {
    const html = renderDocumentHtml(doc({ type: 'pullQuote', attrs: { attribution: null }, content: [{ type: 'text', text: 'Q' }] }));
    expect(html).toBe('<figure class="pull-quote"><blockquote><p>Q</p></blockquote></figure>');
  });

  it('escapes text and attribution', () => {
    const html = renderDocumentHtml(
      doc(para({ type: 'text', text: `<script>alert("x")</script> & 'y'` }), {
        type: 'pullQuote',
        attrs: { attribution: '<img src=x onerror=alert(1)>' },
        content: [{ type: 'text', text: 'q' }],
      }),
    );
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
    expect(html).toContain('<figcaption>&lt;img src=x onerror=alert(1)&gt;</figcaption>');
  });

  it('nests marks in one order and shares tags between neighbours', () => {
    const html = renderDocumentHtml(
      doc(
        para(
          { type: 'text', text: 'a ', marks: [{ type: 'bold' }] },
          { type: 'text', text: 'b', marks: [{ type: 'italic' }, { type: 'bold' }] },
          { type: 'text', text: 'c', marks: [{ type: 'bold' }, { type: 'link', attrs: { href: '/x' } }] },
        ),
      ),
    );
    expect(html).toBe('<p><strong>a <em>b</em></strong><a href="/x"><strong>c</strong></a></p>');
  });

  it('adds rel="noopener noreferrer" to external links only', () => {
    const html = renderDocumentHtml(
      doc(para(link('out', 'https://example.com/'), link('in', '/about'), link('mail', 'mailto:a@example.com'))),
    );
    expect(html).toBe(
      '<p><a href="https://example.com/" rel="noopener noreferrer">out</a><a href="/about">in</a><a href="mailto:a@example.com">mail</a></p>',
    );
  });

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '//evil.example/',
  ])('renders the text of a hand-built link to %j without the link', (href) => {
    expect(renderDocumentHtml(doc(para(link('click me', href))))).toBe('<p>click me</p>');
  });

  it('escapes quotes in an href so it cannot break out of the attribute', () => {
    const html = renderDocumentHtml(doc(para(link('x', 'https://example.com/?q="><script>alert(1)</script>'))));
    expect(html).toBe(
      '<p><a href="https://example.com/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" rel="noopener noreferrer">x</a></p>',
    );
  });

  it('skips node types it does not know instead of throwing', () => {
    const fromOlderVersion = {
      type: 'doc',
      content: [{ type: 'image', attrs: { src: 'x' } }, null, 'text', para({ type: 'text', text: 'kept' }, { type: 'emoji' } as never)],
    } as unknown as DocumentNode;
    expect(renderDocumentHtml(fromOlderVersion)).toBe('<p>kept</p>');
  });

  it('cuts off nesting deeper than a stored body may have instead of overflowing the stack', () => {
    let deep: BlockNode = para({ type: 'text', text: 'deep' });
    for (let i = 0; i < 100_000; i += 1) deep = { type: 'blockquote', content: [deep] };
    const html = renderDocumentHtml(doc(deep, para({ type: 'text', text: 'after' })));
    expect(html).not.toContain('deep');
    expect(html.endsWith('<p>after</p>')).toBe(true);
  });

  describe('images and embeds', () => {
    const view: ImageView = {
      src: '/media/quay-960.jpg',
      sources: [
        { type: 'image/avif', srcset: '/media/quay-480.avif 480w, /media/quay-960.avif 960w' },
        { type: 'image/jpeg', srcset: '/media/quay-480.jpg 480w, /media/quay-960.jpg 960w' },
      ],
      width: 1600,
      height: 1067,
      alt: 'A quay at dawn',
      caption: 'The quay before the talks.',
      credit: 'Ana Ruiz',
    };
    const media = new Map([[12, view]]);
    const image = (attrs: Partial<{ caption: string | null; credit: string | null; alt: string | null }> = {}): BlockNode => ({
      type: 'image',
      attrs: { mediaId: 12, caption: null, credit: null, alt: null, ...attrs },
    });

    it('renders a library image as a figure with its picture, sizes, alt, caption and credit', () => {
      const html = renderDocumentHtml(doc(image()), media);
      expect(html).toBe(
        '<figure class="body-figure"><picture>' +
          '<source type="image/avif" srcset="/media/quay-480.avif 480w, /media/quay-960.avif 960w" sizes="(min-width: 42rem) 40rem, 100vw"/>' +
          '<img src="/media/quay-960.jpg" srcset="/media/quay-480.jpg 480w, /media/quay-960.jpg 960w" sizes="(min-width: 42rem) 40rem, 100vw" ' +
          'width="1600" height="1067" alt="A quay at dawn" loading="lazy" decoding="async"/></picture>' +
          '<figcaption><span class="caption">The quay before the talks.</span> <span class="credit">Photo: Ana Ruiz</span></figcaption></figure>',
      );
    });

    it("uses this story's caption, credit and alt over the library's", () => {
      const html = renderDocumentHtml(doc(image({ caption: 'Here, at six.', credit: 'Desk', alt: 'Boats' })), media);
      expect(html).toContain('alt="Boats"');
      expect(html).toContain('<span class="caption">Here, at six.</span> <span class="credit">Photo: Desk</span>');
    });

    it('renders nothing for an image whose media is not loaded, and keeps the rest', () => {
      expect(renderDocumentHtml(doc(image(), para({ type: 'text', text: 'after' })))).toBe('<p>after</p>');
    });

    it('escapes markup in caption, credit and alt', () => {
      const attack = '"><img src=x onerror=alert(1)>';
      const html = renderDocumentHtml(doc(image({ caption: attack, credit: `<script>alert(1)</script>`, alt: attack })), media);
      expect(html).not.toMatch(/<img src=x|<script/);
      expect(html).toContain('alt="&quot;>&lt;img src=x onerror=alert(1)>"');
      expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    });

    describe('gallery', () => {
      const harbour: ImageView = { ...view, src: '/media/harbour-960.jpg', sources: [], alt: 'The harbour', caption: null, credit: null };
      const both = new Map([...media, [30, harbour]]);
      const picture = (mediaId: number, text: Partial<{ caption: string; credit: string; alt: string }> = {}) => ({
        mediaId,
        caption: null,
        credit: null,
        alt: null,
        ...text,
      });
      const gallery = (images: ReturnType<typeof picture>[], caption: string | null = null): BlockNode => ({
        type: 'gallery',
        attrs: { images, caption },
      });

      it('renders a list of figures in a figure, each with its picture, alt and own caption, and the gallery caption last', () => {
        const html = renderDocumentHtml(
          doc(gallery([picture(12), picture(30, { caption: 'Low tide.', alt: 'Mud flats' })], 'The port at dawn.')),
          both,
        );
        expect(html).toBe(
          '<figure class="gallery"><ul class="gallery-grid">' +
            '<li><figure class="gallery-item"><picture>' +
            '<source type="image/avif" srcset="/media/quay-480.avif 480w, /media/quay-960.avif 960w" sizes="(min-width: 42rem) 13rem, 50vw"/>' +
            '<img src="/media/quay-960.jpg" srcset="/media/quay-480.jpg 480w, /media/quay-960.jpg 960w" sizes="(min-width: 42rem) 13rem, 50vw" ' +
            'width="1600" height="1067" alt="A quay at dawn" loading="lazy" decoding="async"/></picture>' +
            '<figcaption><span class="caption">The quay before the talks.</span> <span class="credit">Photo: Ana Ruiz</span></figcaption></figure></li>' +
            '<li><figure class="gallery-item"><picture>' +
            '<img src="/media/harbour-960.jpg" width="1600" height="1067" alt="Mud flats" loading="lazy" decoding="async"/></picture>' +
            '<figcaption><span class="caption">Low tide.</span></figcaption></figure></li>' +
            '</ul><figcaption class="gallery-caption">The port at dawn.</figcaption></figure>',
        );
      });

      it('leaves out pictures whose media is not loaded, and renders nothing when none is', () => {
        const html = renderDocumentHtml(doc(gallery([picture(99), picture(30)])), both);
        expect(html.match(/<li>/g)).toHaveLength(1);
        expect(html).not.toContain('gallery-caption');
        expect(renderDocumentHtml(doc(gallery([picture(99)], 'Gone'), para({ type: 'text', text: 'after' })), both)).toBe('<p>after</p>');
      });

      it('escapes markup in every caption, credit and alt', () => {
        const attack = '"><script>alert(1)</script>';
        const html = renderDocumentHtml(doc(gallery([picture(30, { caption: attack, credit: attack, alt: attack })], attack)), both);
        expect(html).not.toMatch(/<script/);
        expect(html).toContain('<figcaption class="gallery-caption">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</figcaption>');
      });

      it('survives a stored gallery with garbage in it', () => {
        const stored = {
          type: 'gallery',
          attrs: { images: [null, 'x', { mediaId: '12' }, { mediaId: 30 }], caption: 7 },
        } as unknown as BlockNode;
        const broken = [{ type: 'gallery' }, { type: 'gallery', attrs: { images: 'x' } }] as unknown as BlockNode[];
        const html = renderDocumentHtml(doc(stored, ...broken), both);
        expect(html.match(/<li>/g)).toHaveLength(1);
        expect(html).not.toContain('gallery-caption');
      });
    });

    it('renders a YouTube embed as a link and a hidden load button, with no request to YouTube', () => {
      const html = renderDocumentHtml(
        doc({ type: 'embed', attrs: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' } }),
      );
      expect(html).toBe(
        '<figure class="embed embed-youtube"><p class="embed-provider">YouTube video <span class="embed-url">youtube.com/watch?v=dQw4w9WgXcQ</span></p>' +
          '<p class="embed-actions"><a class="embed-link" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener noreferrer">Watch on YouTube</a>' +
          ' <button type="button" class="embed-load" data-youtube-id="dQw4w9WgXcQ" hidden>Load the video</button></p>' +
          '<figcaption class="embed-note">Loading the video here connects to YouTube (youtube-nocookie.com).</figcaption></figure>',
      );
      expect(html).not.toMatch(/<iframe|<script|src=/);
    });

    it('renders X and Bluesky posts as link cards only', () => {
      const html = renderDocumentHtml(
        doc(
          { type: 'embed', attrs: { provider: 'x', url: 'https://x.com/NewsDesk/status/1790000000000000001' } },
          { type: 'embed', attrs: { provider: 'bluesky', url: 'https://bsky.app/profile/desk.example.org/post/3kq2abcd5xyz2' } },
        ),
      );
      expect(html).toContain(
        '<a class="embed-link" href="https://x.com/NewsDesk/status/1790000000000000001" rel="noopener noreferrer">Open the post on X</a>',
      );
      expect(html).toContain(
        'href="https://bsky.app/profile/desk.example.org/post/3kq2abcd5xyz2" rel="noopener noreferrer">Open the post on Bluesky</a>',
      );
      expect(html).not.toMatch(/<button|<iframe|<script|src=/);
    });

    it('renders nothing for a stored embed whose URL is off the allow-list', () => {
      const stored = {
        type: 'embed',
        attrs: { provider: 'youtube', url: 'javascript:alert(1)//www.youtube.com/watch?v=dQw4w9WgXcQ' },
      } as BlockNode;
      expect(renderDocumentHtml(doc(stored, para({ type: 'text', text: 'kept' })))).toBe('<p>kept</p>');
    });
  });
});
