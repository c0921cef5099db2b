import { describe, expect, it } from 'vitest';
import type { DocumentNode } from '../../content/document.js';
import { documentText, firstParagraphText } from './document-text.js';

const story: DocumentNode = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Council votes' }] },
    { type: 'paragraph' },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'The ' },
        { type: 'text', text: 'council', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' met.' },
        { type: 'hardBreak' },
        { type: 'text', text: 'Again.' },
      ],
    },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'We will.' }] }] },
    { type: 'pullQuote', attrs: { attribution: 'The mayor' }, content: [{ type: 'text', text: 'Never.' }] },
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] },
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two' }] }] },
      ],
    },
    { type: 'horizontalRule' },
    { type: 'paragraph', content: [{ type: 'text', text: 'Last.' }] },
  ],
};

describe('documentText', () => {
  it('separates blocks with blank lines and list items with line breaks', () => {
    expect(documentText(story)).toBe('Council votes\n\nThe council met.\nAgain.\n\nWe will.\n\nNever.\n— The mayor\n\none\ntwo\n\nLast.');
  });

  it("gives a gallery as its pictures' own captions, one a line, then its caption", () => {
    const images = [
      { mediaId: 1, caption: 'Dawn.', credit: 'Desk', alt: 'Boats' },
      { mediaId: 2, caption: null, credit: null, alt: null },
      { mediaId: 3, caption: 'Noon.', credit: null, alt: null },
    ];
    const text = documentText({ type: 'doc', content: [{ type: 'gallery', attrs: { images, caption: 'The port.' } }] });
    expect(text).toBe('Dawn.\nNoon.\nThe port.');
    expect(documentText({ type: 'doc', content: [{ type: 'gallery', attrs: { images, caption: null } }] })).toBe('Dawn.\nNoon.');
  });

  it('gives an empty string for an empty document', () => {
    expect(documentText({ type: 'doc', content: [] })).toBe('');
  });
});

describe('firstParagraphText', () => {
  it('gives the first non-empty paragraph on one line, skipping headings', () => {
    expect(firstParagraphText(story)).toBe('The council met. Again.');
  });

  it('gives an empty string when there is no paragraph with text', () => {
    expect(firstParagraphText({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: ' ' }] }] })).toBe('');
  });
});
