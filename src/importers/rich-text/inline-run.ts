import type { InlineNode, TextNode } from '../../content/document.js';
import { marksKey } from '../../content/canonical-marks.js';

// HTML's white space rules (CSS Text 3, `white-space: normal`): runs of ASCII white
// space collapse to one space, also across element boundaries, and spaces at the start
// and end of each line are removed. U+00A0 is not collapsible and is kept, as browsers do.
const COLLAPSIBLE = /[ \t\n\r\f]+/g;

function collapse(items: readonly InlineNode[]): InlineNode[] {
  const out: InlineNode[] = [];
  let afterSpace = true;
  for (const item of items) {
    if (item.type === 'hardBreak') {
      out.push(item);
      afterSpace = true;
      continue;
    }
    let text = item.text.replace(COLLAPSIBLE, ' ');
    if (afterSpace && text.startsWith(' ')) text = text.slice(1);
    if (text === '') continue;
    afterSpace = text.endsWith(' ');
    out.push({ ...item, text });
  }
  // A space left at the end of a line is the only one there (collapse saw to that).
  let lineEnd = true;
  for (const item of out.toReversed()) {
    if (item.type === 'hardBreak') lineEnd = true;
    else if (lineEnd) {
      if (item.text.endsWith(' ')) item.text = item.text.slice(0, -1);
      lineEnd = item.text === '';
    }
  }
  return out.filter((item) => item.type === 'hardBreak' || item.text !== '');
}

function trimBreaks(items: InlineNode[]): InlineNode[] {
  // Editors leave breaks at the edges of paragraphs (`<p><br></p>`, a trailing `<br>`);
  // they carry no content.
  let start = 0;
  let end = items.length;
  while (start < end && items[start]?.type === 'hardBreak') start += 1;
  while (end > start && items[end - 1]?.type === 'hardBreak') end -= 1;
  return items.slice(start, end);
}

function merge(items: InlineNode[]): InlineNode[] {
  const out: InlineNode[] = [];
  for (const item of items) {
    const last = out.at(-1);
    if (item.type === 'text' && last?.type === 'text' && marksKey(last.marks) === marksKey(item.marks)) {
      out[out.length - 1] = { ...last, text: last.text + item.text };
    } else out.push(item);
  }
  return out;
}

/**
 * Inline content as it would display: white space collapsed, edge breaks dropped,
 * neighbouring text with equal marks merged. Empty (nothing visible) gives [].
 */
export function normaliseRun(items: readonly InlineNode[]): InlineNode[] {
  const content = merge(trimBreaks(collapse(items)));
  return content.some((item) => item.type === 'text' && /\S/.test(item.text)) ? content : [];
}

export function textNode(text: string, marks: TextNode['marks']): TextNode {
  return marks !== undefined && marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text };
}
