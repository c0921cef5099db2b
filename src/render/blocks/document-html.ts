import { isList, type BlockNode, type DocumentNode, type ListItemNode } from '../../content/document.js';
import { escapeHtml } from './escape-html.js';
import { inlineHtml } from './inline-html.js';
import { embedHtml, galleryHtml, imageHtml, type BodyMedia } from './media-blocks.js';
import { MAX_BLOCK_DEPTH } from '../../content/parse-document.js';

// Documents may come from older versions or straight from the database, so every
// array and attribute is checked before use, unknown nodes render as nothing, and
// nesting deeper than parseDocument allows is cut off rather than overflowing the stack.

function isNode(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function blocksHtml(content: readonly BlockNode[] | undefined, depth: number, media: BodyMedia): string {
  if (!isList(content) || depth > MAX_BLOCK_DEPTH) return '';
  return content
    .filter((node) => isNode(node))
    .map((node) => blockHtml(node, depth, media))
    .join('');
}

function itemsHtml(items: readonly ListItemNode[] | undefined, depth: number, media: BodyMedia): string {
  if (!isList(items)) return '';
  return items
    .filter((item) => isNode(item) && item.type === 'listItem')
    .map((item) => `<li>${blocksHtml(item.content, depth + 1, media)}</li>`)
    .join('');
}

function headingLevel(level: unknown): 2 | 3 | 4 {
  return level === 3 || level === 4 ? level : 2;
}

function blockHtml(node: BlockNode, depth: number, media: BodyMedia): string {
  switch (node.type) {
    case 'paragraph':
      return `<p>${inlineHtml(node.content)}</p>`;
    case 'heading': {
      const level = headingLevel(node.attrs?.level);
      return `<h${level}>${inlineHtml(node.content)}</h${level}>`;
    }
    case 'blockquote':
      return `<blockquote>${blocksHtml(node.content, depth + 1, media)}</blockquote>`;
    case 'pullQuote': {
      const attribution = node.attrs?.attribution;
      const caption = typeof attribution === 'string' && attribution !== '' ? `<figcaption>${escapeHtml(attribution)}</figcaption>` : '';
      return `<figure class="pull-quote"><blockquote><p>${inlineHtml(node.content)}</p></blockquote>${caption}</figure>`;
    }
    case 'bulletList':
      return `<ul>${itemsHtml(node.content, depth, media)}</ul>`;
    case 'orderedList': {
      const start = node.attrs?.start;
      const startAttr = Number.isSafeInteger(start) && start !== 1 ? ` start="${start}"` : '';
      return `<ol${startAttr}>${itemsHtml(node.content, depth, media)}</ol>`;
    }
    case 'horizontalRule':
      return '<hr>';
    case 'image':
      return imageHtml(node, media);
    case 'gallery':
      return galleryHtml(node, media);
    case 'embed':
      return embedHtml(node);
    default: {
      // Compile-time: every block type is handled. Run time: unknown types are skipped.
      const unknown: never = node;
      void unknown;
      return '';
    }
  }
}

const NO_MEDIA: BodyMedia = new Map();

/**
 * The body as HTML for the site, email and feeds; every text and href is escaped.
 * `media` holds the views of the library images the body uses (`documentMediaIds`);
 * an image whose id is missing renders nothing.
 */
export function renderDocumentHtml(doc: DocumentNode, media: BodyMedia = NO_MEDIA): string {
  return isNode(doc) ? blocksHtml(doc.content, 0, media) : '';
}
