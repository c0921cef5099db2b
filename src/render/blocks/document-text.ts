import { isList, type BlockNode, type DocumentNode, type InlineNode } from '../../content/document.js';
import { MAX_BLOCK_DEPTH } from '../../content/parse-document.js';

// Plain text for search, feeds and excerpts. Like the HTML renderer it tolerates
// documents from older versions: unknown nodes contribute no text, and nesting deeper
// than parseDocument allows is cut off.

function inlineText(content: readonly InlineNode[] | undefined, lineBreak: string): string {
  if (!isList(content)) return '';
  return content
    .map((node) => {
      if (typeof node !== 'object' || node === null) return '';
      if (node.type === 'hardBreak') return lineBreak;
      return node.type === 'text' && typeof node.text === 'string' ? node.text : '';
    })
    .join('');
}

function blocksText(content: readonly BlockNode[] | undefined, depth: number): string[] {
  if (!isList(content) || depth > MAX_BLOCK_DEPTH) return [];
  return content
    .filter((node) => typeof node === 'object' && node !== null)
    .map((node) => blockText(node, depth))
    .filter((text) => text.trim() !== '');
}

function blockText(node: BlockNode, depth: number): string {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inlineText(node.content, '\n');
    case 'blockquote':
      return blocksText(node.content, depth + 1).join('\n\n');
    case 'pullQuote': {
      const attribution = node.attrs?.attribution;
      const quote = inlineText(node.content, '\n');
      return typeof attribution === 'string' && attribution !== '' ? `${quote}\n— ${attribution}` : quote;
    }
    case 'bulletList':
    case 'orderedList':
      // One line per item: list items are short, and blank lines would read as new sections.
      return Array.isArray(node.content)
        ? node.content
            .map((item) => blocksText(item?.content, depth + 1).join('\n'))
            .filter(Boolean)
            .join('\n')
        : '';
    case 'horizontalRule':
      return '';
    case 'image':
      // The library's caption is not at hand here; this use's own caption is.
      return typeof node.attrs?.caption === 'string' ? node.attrs.caption : '';
    case 'gallery': {
      // Each picture's own caption on its line, then the gallery's.
      const images = isList(node.attrs?.images) ? node.attrs.images : [];
      const captions = [...images.map((image) => image?.caption), node.attrs?.caption];
      return captions.filter((caption) => typeof caption === 'string' && caption.trim() !== '').join('\n');
    }
    case 'embed':
      // Plain text (feeds, search) cannot click to load; the address stands in.
      return typeof node.attrs?.url === 'string' ? node.attrs.url : '';
    default: {
      const unknown: never = node;
      void unknown;
      return '';
    }
  }
}

/** The whole body as plain text, blocks separated by a blank line. */
export function documentText(doc: DocumentNode): string {
  return blocksText(doc?.content, 0).join('\n\n');
}

/**
 * The first top-level paragraph with any text, on one line, for a default excerpt.
 * Quotes and list items are skipped: they rarely stand in for the story.
 */
export function firstParagraphText(doc: DocumentNode): string {
  for (const node of Array.isArray(doc?.content) ? doc.content : []) {
    if (typeof node !== 'object' || node === null || node.type !== 'paragraph') continue;
    const text = inlineText(node.content, ' ').replace(/\s+/g, ' ').trim();
    if (text !== '') return text;
  }
  return '';
}
