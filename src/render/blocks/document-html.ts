import type { BlockNode, DocumentNode, ListItemNode } from '../../content/document.js';
import { escapeHtml } from './escape-html.js';
import { inlineHtml } from './inline-html.js';
import { MAX_BLOCK_DEPTH } from './parse-document.js';

// Documents may come from older versions or straight from the database, so every
// array and attribute is checked before use, unknown nodes render as nothing, and
// nesting deeper than parseDocument allows is cut off rather than overflowing the stack.

function isNode(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function blocksHtml(content: readonly BlockNode[] | undefined, depth: number): string {
  if (!Array.isArray(content) || depth > MAX_BLOCK_DEPTH) return '';
  return content.filter((node) => isNode(node)).map((node) => blockHtml(node, depth)).join('');
}

function itemsHtml(items: readonly ListItemNode[] | undefined, depth: number): string {
  if (!Array.isArray(items)) return '';
  return items
    .filter((item) => isNode(item) && item.type === 'listItem')
    .map((item) => `<li>${blocksHtml(item.content, depth + 1)}</li>`)
    .join('');
}

function headingLevel(level: unknown): 2 | 3 | 4 {
  return level === 3 || level === 4 ? level : 2;
}

function blockHtml(node: BlockNode, depth: number): string {
  switch (node.type) {
    case 'paragraph':
      return `<p>${inlineHtml(node.content)}</p>`;
    case 'heading': {
      const level = headingLevel(node.attrs?.level);
      return `<h${level}>${inlineHtml(node.content)}</h${level}>`;
    }
    case 'blockquote':
      return `<blockquote>${blocksHtml(node.content, depth + 1)}</blockquote>`;
    case 'pullQuote': {
      const attribution = node.attrs?.attribution;
      const caption =
        typeof attribution === 'string' && attribution !== ''
          ? `<figcaption>${escapeHtml(attribution)}</figcaption>`
          : '';
      return `<figure class="pull-quote"><blockquote><p>${inlineHtml(node.content)}</p></blockquote>${caption}</figure>`;
    }
    case 'bulletList':
      return `<ul>${itemsHtml(node.content, depth)}</ul>`;
    case 'orderedList': {
      const start = node.attrs?.start;
      const startAttr = Number.isSafeInteger(start) && start !== 1 ? ` start="${start}"` : '';
      return `<ol${startAttr}>${itemsHtml(node.content, depth)}</ol>`;
    }
    case 'horizontalRule':
      return '<hr>';
    default: {
      // Compile-time: every block type is handled. Run time: unknown types are skipped.
      const unknown: never = node;
      void unknown;
      return '';
    }
  }
}

/** The body as HTML for the site, email and feeds; every text and href is escaped. */
export function renderDocumentHtml(doc: DocumentNode): string {
  return isNode(doc) ? blocksHtml(doc.content, 0) : '';
}
