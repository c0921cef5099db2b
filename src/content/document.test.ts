import { describe, expect, it } from 'vitest';
import { documentMediaIds, remapMediaIds, type BlockNode, type DocumentNode } from './document.js';

const image = (mediaId: number): BlockNode => ({ type: 'image', attrs: { mediaId, caption: null, credit: null, alt: null } });
const item = (...content: BlockNode[]) => ({ type: 'listItem' as const, content: [{ type: 'paragraph' as const }, ...content] });

describe('documentMediaIds', () => {
  it('lists each image id once, in reading order, also inside quotes, lists and galleries', () => {
    const doc: DocumentNode = {
      type: 'doc',
      content: [
        image(7),
        { type: 'paragraph', content: [{ type: 'text', text: 'x' }] },
        { type: 'blockquote', content: [image(3)] },
        { type: 'bulletList', content: [item(image(9), image(7))] },
        { type: 'orderedList', attrs: { start: 1 }, content: [item(image(4))] },
        { type: 'embed', attrs: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' } },
        {
          type: 'gallery',
          attrs: {
            images: [
              { mediaId: 5, caption: null, credit: null, alt: null },
              { mediaId: 3, caption: null, credit: null, alt: null },
              { mediaId: 11, caption: null, credit: null, alt: null },
            ],
            caption: null,
          },
        },
      ],
    };
    expect(documentMediaIds(doc)).toEqual([7, 3, 9, 4, 5, 11]);
  });

  it('gives no ids for a body without images, or for garbage', () => {
    expect(documentMediaIds({ type: 'doc', content: [{ type: 'paragraph' }] })).toEqual([]);
    expect(documentMediaIds(null as unknown as DocumentNode)).toEqual([]);
    expect(documentMediaIds({ type: 'doc', content: [null, { type: 'image' }] } as unknown as DocumentNode)).toEqual([]);
    const brokenGallery = { type: 'doc', content: [{ type: 'gallery' }, { type: 'gallery', attrs: { images: [null, { mediaId: 'x' }] } }] };
    expect(documentMediaIds(brokenGallery as unknown as DocumentNode)).toEqual([]);
  });
});

describe('remapMediaIds', () => {
  it('settles stand-in ids, leaving out images that map to null, at any depth and inside galleries', () => {
    const doc: DocumentNode = {
      type: 'doc',
      content: [
        { type: 'image', attrs: { mediaId: -1, caption: 'kept', credit: null, alt: null } },
        { type: 'image', attrs: { mediaId: -2, caption: 'gone', credit: null, alt: null } },
        { type: 'blockquote', content: [{ type: 'image', attrs: { mediaId: -1, caption: null, credit: null, alt: null } }] },
        {
          type: 'gallery',
          attrs: {
            images: [
              { mediaId: -1, caption: null, credit: null, alt: 'a' },
              { mediaId: -2, caption: null, credit: null, alt: 'b' },
            ],
            caption: 'G',
          },
        },
        { type: 'gallery', attrs: { images: [{ mediaId: -2, caption: null, credit: null, alt: null }], caption: 'empty' } },
      ],
    };
    const out = remapMediaIds(doc, (id) => (id === -1 ? 7 : null));
    expect(documentMediaIds(out)).toEqual([7]);
    expect(out.content.map((b) => b.type)).toEqual(['image', 'blockquote', 'gallery']);
    expect(out.content[2]).toMatchObject({ attrs: { images: [{ mediaId: 7, alt: 'a' }], caption: 'G' } });
    expect(documentMediaIds(doc)).toEqual([-1, -2]);
  });
});
