import type { ChildNode, Element } from 'domhandler';
import { DomUtils } from 'htmlparser2';
import type { BlockNode, InlineNode, Mark } from '../../content/document.js';
import { canonicalMarks } from '../../content/canonical-marks.js';
import { safeHref } from '../../content/safe-url.js';
import { normaliseRun, textNode } from './inline-run.js';
import { figureBlocks, imageBlock } from './figure-blocks.js';
import { embedBlock, listBlock, pullQuoteBlock } from './structured-blocks.js';

// Reads sanitized HTML (see sanitize-rich-text.ts) into body blocks. The recursion
// follows element nesting, which the sanitizer's nesting limit keeps shallow.

/**
 * What applies to the content being walked: inherited marks, whether inside `<pre>`, and
 * how an `<img src>` becomes a library id (null: images are not imported; the sanitizer
 * has removed them already).
 */
export interface WalkContext {
  marks: Mark[];
  pre: boolean;
  images: ((src: string) => number | null) | null;
}

type Wrap = (content: InlineNode[]) => BlockNode;
const asParagraph: Wrap = (content) => ({ type: 'paragraph', content });

/**
 * Marks an inline element adds, or null for elements that are blocks. Bold and italic
 * arrive as `span[data-marks]`: the sanitizer folds `b`, `strong`, `i`, `em` and
 * styled spans into that one form.
 */
function inlineMarks(element: Element): Mark[] | null {
  switch (element.name) {
    case 'span':
      return (element.attribs['data-marks'] ?? '')
        .split(' ')
        .flatMap((name): Mark[] => (name === 'bold' || name === 'italic' ? [{ type: name }] : []));
    case 'code':
      return [{ type: 'code' }];
    case 'a': {
      const href = safeHref(element.attribs.href ?? '');
      return href === null ? [] : [{ type: 'link', attrs: { href } }];
    }
    default:
      return null;
  }
}

function textItems(data: string, context: WalkContext): InlineNode[] {
  const marks = canonicalMarks(context.marks);
  if (!context.pre) return [textNode(data, marks)];
  // Preformatted lines become hard breaks; the body has no code-block node (yet).
  return data
    .split(/\r\n|\r|\n/)
    .flatMap((line, index): InlineNode[] => (index === 0 ? [textNode(line, marks)] : [{ type: 'hardBreak' }, textNode(line, marks)]));
}

/**
 * The blocks inside one container. Inline content met between blocks is gathered into
 * a run and closed by `wrap` (a paragraph, or the heading being read) whenever a block
 * starts or the container ends, as browsers form anonymous blocks.
 */
export function containerBlocks(children: ChildNode[], context: WalkContext, wrap: Wrap = asParagraph): BlockNode[] {
  const blocks: BlockNode[] = [];
  let run: InlineNode[] = [];
  const flush = (): void => {
    const content = normaliseRun(run);
    run = [];
    if (content.length > 0) blocks.push(wrap(content));
  };
  const visit = (node: ChildNode, inner: WalkContext): void => {
    if (DomUtils.isText(node)) {
      run.push(...textItems(node.data, inner));
    } else if (DomUtils.isTag(node) && node.name === 'br') {
      run.push({ type: 'hardBreak' });
    } else if (DomUtils.isTag(node) && node.name === 'img') {
      // An image is a block in the body: the paragraph it sat in is split around it.
      const image = imageBlock(node, inner);
      if (image !== null) {
        flush();
        blocks.push(image);
      }
    } else if (DomUtils.isTag(node)) {
      const marks = inlineMarks(node);
      if (marks === null) {
        flush();
        blocks.push(...elementBlocks(node, inner));
      } else {
        const marked = { ...inner, marks: [...inner.marks, ...marks] };
        node.children.forEach((child) => visit(child, marked));
      }
    }
  };
  children.forEach((child) => visit(child, context));
  flush();
  return blocks;
}

function elementBlocks(element: Element, context: WalkContext): BlockNode[] {
  const { name, children } = element;
  const heading = /^h([1-6])$/.exec(name)?.[1];
  if (heading !== undefined) {
    // h1 is the headline's; body headings are clamped to levels 2–4.
    const level = Math.min(4, Math.max(2, Number(heading))) as 2 | 3 | 4;
    return containerBlocks(children, context, (content) => ({ type: 'heading', attrs: { level }, content }));
  }
  switch (name) {
    case 'hr':
      return [{ type: 'horizontalRule' }];
    case 'blockquote': {
      const content = containerBlocks(children, context);
      return content.length > 0 ? [{ type: 'blockquote', content }] : [];
    }
    case 'ul':
    case 'ol':
      return listBlock(element, (nodes) => containerBlocks(nodes, context));
    case 'pre':
      return containerBlocks(children, { ...context, marks: [...context.marks, { type: 'code' }], pre: true });
    case 'figure':
      if (element.attribs.class === 'pull-quote') return pullQuoteBlock(element, (nodes) => containerBlocks(nodes, context));
      if (element.attribs.class === 'embed') return embedBlock(element);
      if (context.images !== null) return figureBlocks(element, context, (nodes) => containerBlocks(nodes, context));
      return containerBlocks(children, context);
    default:
      // p, div, and anything the sanitizer let through as a plain boundary.
      return containerBlocks(children, context);
  }
}
