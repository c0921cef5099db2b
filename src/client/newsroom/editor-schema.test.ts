import { getSchema } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import type { DocumentNode } from '../../content/document.js';
import { parseDocument } from '../../content/parse-document.js';
import { editorExtensions } from './editor-extensions.js';
import { MediaLibrary } from './media-library.js';

// The editor's schema and the stored document model must agree node for node: every
// stored body opens in the editor unchanged, and what the editor saves parses back to it.

const schema = getSchema(editorExtensions(new MediaLibrary()));

const everything: DocumentNode = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Heading' }] },
    { type: 'heading', attrs: { level: 4 }, content: [{ type: 'text', text: 'Small' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'bold', marks: [{ type: 'bold' }] },
        {
          type: 'text',
          text: ' both',
          marks: [{ type: 'link', attrs: { href: 'https://example.com/' } }, { type: 'bold' }, { type: 'italic' }],
        },
        { type: 'hardBreak' },
        { type: 'text', text: 'code', marks: [{ type: 'code' }] },
      ],
    },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Quoted' }] }] },
    { type: 'pullQuote', attrs: { attribution: 'The mayor' }, content: [{ type: 'text', text: 'Never.' }] },
    { type: 'pullQuote', attrs: { attribution: null } },
    { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }] }] },
    { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] },
    { type: 'horizontalRule' },
    { type: 'image', attrs: { mediaId: 7, caption: 'Here', credit: null, alt: 'Boats' } },
    {
      type: 'gallery',
      attrs: {
        images: [
          { mediaId: 7, caption: 'Dawn', credit: 'Desk', alt: null },
          { mediaId: 9, caption: null, credit: null, alt: 'Nets' },
        ],
        caption: 'The port',
      },
    },
    { type: 'gallery', attrs: { images: [{ mediaId: 3, caption: null, credit: null, alt: null }], caption: null } },
    { type: 'embed', attrs: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' } },
    { type: 'paragraph' },
  ],
};

describe('the editor schema', () => {
  it('opens every node and mark of the document model, and saves it back unchanged', () => {
    const node = schema.nodeFromJSON(everything);
    expect(() => node.check()).not.toThrow();
    expect(parseDocument(node.toJSON())).toEqual(everything);
  });

  it('has nothing the document model lacks', () => {
    expect(Object.keys(schema.nodes).sort()).toEqual(
      [
        'blockquote',
        'bulletList',
        'doc',
        'embed',
        'gallery',
        'hardBreak',
        'heading',
        'horizontalRule',
        'image',
        'listItem',
        'orderedList',
        'paragraph',
        'pullQuote',
        'text',
      ].sort(),
    );
    expect(Object.keys(schema.marks).sort()).toEqual(['bold', 'code', 'italic', 'link']);
  });
});
