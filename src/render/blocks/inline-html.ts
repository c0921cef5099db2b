import { isList, type InlineNode, type Mark } from '../../content/document.js';
import { MARK_ORDER } from '../../content/canonical-marks.js';
import { escapeHtml } from './escape-html.js';
import { isExternalHref, safeHref } from '../../content/safe-url.js';

type MarkType = (typeof MARK_ORDER)[number];

const TAGS: Record<Exclude<MarkType, 'link'>, string> = { bold: 'strong', italic: 'em', code: 'code' };

function markOf(node: InlineNode, type: MarkType): Mark | undefined {
  if (node.type !== 'text' || !Array.isArray(node.marks)) return undefined;
  return node.marks.find((mark) => typeof mark === 'object' && mark !== null && mark.type === type);
}

/** What a node needs at one nesting level: '' for no tag, else the tag's identity. */
function keyAt(node: InlineNode, type: MarkType): string {
  const mark = markOf(node, type);
  if (mark === undefined) return '';
  if (mark.type !== 'link') return type;
  // Re-checked on render: an unsafe href loses its link, the text stays.
  const href = typeof mark.attrs?.href === 'string' ? safeHref(mark.attrs.href) : null;
  return href ?? '';
}

function open(type: MarkType, key: string): string {
  if (type !== 'link') return `<${TAGS[type]}>`;
  const rel = isExternalHref(key) ? ' rel="noopener noreferrer"' : '';
  return `<a href="${escapeHtml(key)}"${rel}>`;
}

function leafHtml(node: InlineNode): string {
  if (node.type === 'hardBreak') return '<br>';
  return typeof node.text === 'string' ? escapeHtml(node.text) : '';
}

/**
 * Neighbouring nodes sharing a mark share one tag, level by level in MARK_ORDER, so
 * `**a *b***` renders `<strong>a <em>b</em></strong>`, not two strong elements.
 */
function layer(nodes: InlineNode[], level: number): string {
  const type = MARK_ORDER[level];
  if (type === undefined) return nodes.map(leafHtml).join('');
  let html = '';
  for (let start = 0; start < nodes.length;) {
    const key = keyAt(nodes[start]!, type);
    let end = start + 1;
    while (end < nodes.length && keyAt(nodes[end]!, type) === key) end += 1;
    const inner = layer(nodes.slice(start, end), level + 1);
    html += key === '' ? inner : `${open(type, key)}${inner}</${type === 'link' ? 'a' : TAGS[type]}>`;
    start = end;
  }
  return html;
}

/** Renders inline content; anything that is not a text node or a hard break is skipped. */
export function inlineHtml(content: readonly InlineNode[] | undefined): string {
  if (!isList(content)) return '';
  const nodes = content.filter(
    (node): node is InlineNode => typeof node === 'object' && node !== null && (node.type === 'text' || node.type === 'hardBreak'),
  );
  return layer(nodes, 0);
}
