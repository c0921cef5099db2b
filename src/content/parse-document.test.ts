import { describe, expect, it } from 'vitest';
import { parseDocument } from './parse-document.js';

const empty = { type: 'doc', content: [] };

describe('parseDocument', () => {
  it('keeps a well-formed document as it is', () => {
    const stored = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'H' }] },
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'a', marks: [{ type: 'link', attrs: { href: '/x' } }] }, { type: 'hardBreak' }],
        },
        { type: 'paragraph' },
        { type: 'pullQuote', attrs: { attribution: null }, content: [{ type: 'text', text: 'q' }] },
        { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] },
        { type: 'blockquote', content: [{ type: 'horizontalRule' }] },
      ],
    };
    expect(parseDocument(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
  });

  it.each([null, undefined, 42, 'doc', [], {}, { type: 'doc' }, { type: 'doc', content: 'x' }, { type: 'paragraph' }])(
    'gives an empty document for the garbage %j',
    (value) => {
      expect(parseDocument(value)).toEqual(empty);
    },
  );

  it('drops malformed and unknown nodes but keeps their well-formed siblings', () => {
    const value = {
      type: 'doc',
      content: [
        { type: 'image', attrs: { src: 'x' } },
        { type: 'heading', attrs: { level: 'two' } },
        { type: 'paragraph', content: 'text' },
        { type: 'blockquote', content: [] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: '' },
            { type: 'text', text: 5 },
            { type: 'text', text: 'ok', marks: [{ type: 'strike' }] },
          ],
        },
      ],
    };
    expect(parseDocument(value)).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'ok' }] }] });
  });

  it('refuses nodes carrying __proto__ or constructor keys', () => {
    const value = JSON.parse(
      '{"type":"doc","content":[{"type":"paragraph","__proto__":{"polluted":true}},{"type":"horizontalRule","constructor":{"prototype":{}}},{"type":"paragraph","content":[{"type":"text","text":"ok"}]}]}',
    ) as unknown;
    expect(parseDocument(value)).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'ok' }] }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops an unsafe link mark but keeps its text', () => {
    const value = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }, { type: 'bold' }] }],
        },
      ],
    };
    expect(parseDocument(value)).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'bold' }] }] }],
    });
  });

  it('clamps heading levels and defaults a missing list start', () => {
    const value = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'a' }] },
        { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] },
      ],
    };
    expect(parseDocument(value).content).toEqual([
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'a' }] },
      { type: 'orderedList', attrs: { start: 1 }, content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] },
    ]);
  });

  it('survives hostile nesting, cycles and throwing getters', () => {
    let deep: unknown = { type: 'paragraph' };
    for (let i = 0; i < 100_000; i += 1) deep = { type: 'blockquote', content: [deep] };
    expect(parseDocument({ type: 'doc', content: [deep] })).toEqual(empty);

    const cycle: Record<string, unknown> = { type: 'blockquote' };
    cycle.content = [cycle];
    expect(parseDocument({ type: 'doc', content: [cycle] })).toEqual(empty);

    const trap = {
      type: 'doc',
      get content(): unknown {
        throw new Error('boom');
      },
    };
    expect(parseDocument(trap)).toEqual(empty);
  });

  describe('image', () => {
    const image = (attrs: unknown) => parseDocument({ type: 'doc', content: [{ type: 'image', attrs }] }).content;

    it('keeps a library image with its overrides, and null for overrides left empty', () => {
      expect(image({ mediaId: 12, caption: 'On the quay', credit: '', alt: null })).toEqual([
        { type: 'image', attrs: { mediaId: 12, caption: 'On the quay', credit: null, alt: null } },
      ]);
      expect(image({ mediaId: 3 })).toEqual([{ type: 'image', attrs: { mediaId: 3, caption: null, credit: null, alt: null } }]);
    });

    it.each([
      {},
      { mediaId: '12' },
      { mediaId: 0 },
      { mediaId: -4 },
      { mediaId: 1.5 },
      { mediaId: 2 ** 60 },
      { src: 'https://evil.example/x.jpg' },
    ])('drops an image without a valid media id: %j', (attrs) => {
      expect(image(attrs)).toEqual([]);
    });

    it('carries no attribute it does not know (src, onerror, style)', () => {
      expect(image({ mediaId: 5, src: 'javascript:alert(1)', onerror: 'alert(1)', style: 'x', caption: 5 })).toEqual([
        { type: 'image', attrs: { mediaId: 5, caption: null, credit: null, alt: null } },
      ]);
    });

    it('keeps markup typed into a caption as text (the renderer escapes it)', () => {
      expect(image({ mediaId: 5, caption: '<img src=x onerror=alert(1)>' })).toEqual([
        { type: 'image', attrs: { mediaId: 5, caption: '<img src=x onerror=alert(1)>', credit: null, alt: null } },
      ]);
    });
  });

  describe('gallery', () => {
    const gallery = (attrs: unknown) => parseDocument({ type: 'doc', content: [{ type: 'gallery', attrs }] }).content;
    const picture = (mediaId: unknown, text: Record<string, unknown> = {}) => ({
      mediaId,
      caption: null,
      credit: null,
      alt: null,
      ...text,
    });

    it('keeps a gallery with its pictures in order, their overrides and its caption', () => {
      const attrs = {
        images: [picture(4, { caption: 'Dawn', alt: 'Boats' }), picture(2, { credit: 'Desk' }), picture(4)],
        caption: 'The port',
      };
      expect(gallery(JSON.parse(JSON.stringify(attrs)))).toEqual([{ type: 'gallery', attrs }]);
    });

    it('drops pictures without a valid media id, and carries no attribute it does not know', () => {
      const images = [
        picture(0),
        picture(1.5),
        picture('3'),
        picture(2 ** 53),
        null,
        'x',
        { ...picture(8), src: 'javascript:alert(1)', caption: 5 },
      ];
      expect(gallery({ images, caption: '', onclick: 'alert(1)' })).toEqual([
        { type: 'gallery', attrs: { images: [picture(8)], caption: null } },
      ]);
    });

    it.each([{}, { images: [] }, { images: [picture(-1)] }, { images: 'x' }, { images: { 0: picture(1) } }])(
      'drops a gallery with no valid picture: %j',
      (attrs) => {
        expect(gallery(attrs)).toEqual([]);
      },
    );

    it('keeps at most 50 pictures and cuts long texts to 2,000 characters without splitting a character', () => {
      const images = Array.from({ length: 80 }, (_, index) => picture(index + 1));
      const long = `${'a'.repeat(1999)}😀😀`;
      const [node] = gallery({ images: [{ ...picture(1), alt: long }, ...images], caption: long });
      expect(node?.type === 'gallery' && node.attrs.images).toHaveLength(50);
      expect(node?.type === 'gallery' && node.attrs.caption).toBe(`${'a'.repeat(1999)}😀`);
      expect(node?.type === 'gallery' && node.attrs.images[0]?.alt).toBe(`${'a'.repeat(1999)}😀`);
    });
  });

  describe('embed', () => {
    const embed = (attrs: unknown) => parseDocument({ type: 'doc', content: [{ type: 'embed', attrs }] }).content;

    it('keeps an allow-listed embed in its canonical form', () => {
      expect(embed({ provider: 'youtube', url: 'https://youtu.be/dQw4w9WgXcQ' })).toEqual([
        { type: 'embed', attrs: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' } },
      ]);
      expect(embed({ provider: 'bluesky', url: 'https://bsky.app/profile/desk.example.org/post/3kq2abcd5xyz2' })).toHaveLength(1);
    });

    it.each([
      { provider: 'youtube', url: 'javascript:alert(1)' },
      { provider: 'youtube', url: 'https://evil.example/watch?v=dQw4w9WgXcQ' },
      { provider: 'x', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
      { provider: 'vimeo', url: 'https://vimeo.com/1' },
      { provider: 'youtube' },
      { url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
    ])('drops an embed that is not allow-listed or names another provider: %j', (attrs) => {
      expect(embed(attrs)).toEqual([]);
    });
  });
});
