import { describe, expect, it } from 'vitest';
import { parseDocument } from './parse-document.js';

const empty = { type: 'doc', content: [] };

describe('parseDocument', () => {
  it('keeps a well-formed document as it is', () => {
    const stored = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'H' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'a', marks: [{ type: 'link', attrs: { href: '/x' } }] }, { type: 'hardBreak' }] },
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
        { type: 'paragraph', content: [{ type: 'text', text: '' }, { type: 'text', text: 5 }, { type: 'text', text: 'ok', marks: [{ type: 'strike' }] }] },
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
    const value = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }, { type: 'bold' }] }] }] };
    expect(parseDocument(value)).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'bold' }] }] }] });
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

    const trap = { type: 'doc', get content(): unknown { throw new Error('boom'); } };
    expect(parseDocument(trap)).toEqual(empty);
  });
});
