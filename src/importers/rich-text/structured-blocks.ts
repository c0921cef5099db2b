import type { ChildNode, Element } from 'domhandler';
import { DomUtils } from 'htmlparser2';
import type { BlockNode, InlineNode, ListItemNode } from '../../content/document.js';
import { documentText } from '../../render/blocks/document-text.js';
import { parseEmbedUrl } from '../../content/embed-url.js';
import { normaliseRun } from './inline-run.js';

/** Reads child nodes into blocks with the caller's context (dom-blocks.ts). */
type ReadBlocks = (children: ChildNode[]) => BlockNode[];

function listItem(content: BlockNode[]): ListItemNode {
  // TipTap's list item is `paragraph block*`: one that opens with another block gets an
  // empty paragraph first, or the editor would reject the document.
  return content[0]?.type === 'paragraph'
    ? { type: 'listItem', content }
    : { type: 'listItem', content: [{ type: 'paragraph' }, ...content] };
}

function listStart(raw: string | undefined): number {
  const start = /^-?\d{1,9}$/.test(raw?.trim() ?? '') ? Number(raw) : 1;
  return Number.isSafeInteger(start) ? start : 1;
}

/** `ul`/`ol`. Content outside an `li` (a nested list written as a sibling) joins the item before it. */
export function listBlock(element: Element, read: ReadBlocks): BlockNode[] {
  const items: BlockNode[][] = [];
  for (const child of element.children) {
    const isItem = DomUtils.isTag(child) && child.name === 'li';
    const content = read(isItem ? child.children : [child]);
    const previous = items.at(-1);
    if (!isItem && previous !== undefined) previous.push(...content);
    else if (content.length > 0) items.push(content);
  }
  const content = items.filter((item) => item.length > 0).map(listItem);
  if (content.length === 0) return [];
  if (element.name === 'ul') return [{ type: 'bulletList', content }];
  return [{ type: 'orderedList', attrs: { start: listStart(element.attribs.start) }, content }];
}

/** The inline content of blocks, one line per block, for a quote that holds one paragraph. */
function flattenInlines(blocks: readonly BlockNode[]): InlineNode[] {
  return blocks.flatMap((block, index): InlineNode[] => {
    const lead: InlineNode[] = index === 0 ? [] : [{ type: 'hardBreak' }];
    switch (block.type) {
      case 'paragraph':
      case 'heading':
      case 'pullQuote':
        return [...lead, ...(block.content ?? [])];
      case 'blockquote':
        return [...lead, ...flattenInlines(block.content)];
      case 'bulletList':
      case 'orderedList':
        return [...lead, ...flattenInlines(block.content.flatMap((item) => item.content))];
      case 'horizontalRule':
      case 'image':
      case 'gallery':
      case 'embed':
        // A quote set large holds words only: pictures and embeds inside one are dropped.
        return [];
    }
  });
}

/** `<figure class="pull-quote"><blockquote>…</blockquote><figcaption>who</figcaption></figure>`. */
export function pullQuoteBlock(element: Element, read: ReadBlocks): BlockNode[] {
  const isCaption = (node: ChildNode): boolean => DomUtils.isTag(node) && node.name === 'figcaption';
  const content = normaliseRun(flattenInlines(read(element.children.filter((node) => !isCaption(node)))));
  if (content.length === 0) return [];
  const caption = element.children.filter(isCaption).flatMap((node) => (DomUtils.isTag(node) ? node.children : []));
  const attribution = documentText({ type: 'doc', content: read(caption) })
    .replace(/\s+/g, ' ')
    .trim();
  return [{ type: 'pullQuote', attrs: { attribution: attribution === '' ? null : attribution }, content }];
}

/**
 * `<figure class="embed">` as the renderer writes it (so an exported body imports back):
 * its first allow-listed link becomes the embed; without one, nothing is kept.
 */
export function embedBlock(element: Element): BlockNode[] {
  const links = DomUtils.findAll((node) => node.name === 'a' && typeof node.attribs.href === 'string', element.children);
  const target = links.map((link) => parseEmbedUrl(link.attribs.href ?? '')).find((found) => found !== null);
  return target ? [{ type: 'embed', attrs: { provider: target.provider, url: target.url } }] : [];
}
