import type { InlineNode, Mark } from './document.js';
import { canonicalMarks } from './canonical-marks.js';
import { list, record } from './parse-fields.js';
import { safeHref } from './safe-url.js';

function parseMark(value: unknown): Mark | null {
  const mark = record(value);
  switch (mark?.type) {
    case 'bold':
    case 'italic':
    case 'code':
      return { type: mark.type };
    case 'link': {
      // An unsafe href loses its mark here, as it would on render; the text stays.
      const href = record(mark.attrs)?.href;
      const safe = typeof href === 'string' ? safeHref(href) : null;
      return safe === null ? null : { type: 'link', attrs: { href: safe } };
    }
    default:
      return null;
  }
}

function parseInline(value: unknown): InlineNode | null {
  const node = record(value);
  if (node?.type === 'hardBreak') return { type: 'hardBreak' };
  // ProseMirror refuses empty text nodes.
  if (node?.type !== 'text' || typeof node.text !== 'string' || node.text === '') return null;
  const marks = list(node.marks, parseMark);
  if (marks === null) return null;
  if (marks.length === 0) return { type: 'text', text: node.text };
  return { type: 'text', text: node.text, marks: canonicalMarks(marks) };
}

/** The well-formed inline nodes of `content`, or null when it is present but not a list. */
export function parseInlineContent(content: unknown): InlineNode[] | null {
  return list(content, parseInline);
}
