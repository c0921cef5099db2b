import type { ChildNode, Element } from 'domhandler';
import { DomUtils } from 'htmlparser2';
import type { BlockNode, GalleryImage, ImageNode } from '../../content/document.js';
import { MAX_GALLERY_IMAGES } from '../../content/parse-document.js';
import type { WalkContext } from './dom-blocks.js';

// Images and galleries, read only when the caller maps image sources to library ids
// (htmlToDocument's `images`). Captions are plain text in the document, so a caption's
// marks and links are kept as their words only.

/** Reads child nodes into blocks with the caller's context (dom-blocks.ts). */
type ReadBlocks = (children: ChildNode[]) => BlockNode[];

interface CaptionText {
  caption: string | null;
  credit: string | null;
}

const INLINE = new Set(['span', 'a', 'code']);

/** The words of a caption on one line; block boundaries and breaks read as spaces. */
function plainText(nodes: readonly ChildNode[], skip: (element: Element) => boolean): string {
  return nodes
    .map((node): string => {
      if (DomUtils.isText(node)) return node.data;
      if (!DomUtils.isTag(node) || skip(node)) return '';
      const inner = plainText(node.children, skip);
      return INLINE.has(node.name) ? inner : ` ${inner} `;
    })
    .join('');
}

const oneLine = (text: string): string | null => text.replace(/\s+/g, ' ').trim() || null;
const isCredit = (element: Element): boolean => element.name === 'span' && element.attribs['data-credit'] !== undefined;
const isCaption = (node: ChildNode): node is Element => DomUtils.isTag(node) && node.name === 'figcaption';

/**
 * A figure's own figcaption(s) as text, with the renderer's credit span
 * (`<span class="credit">Photo: …</span>`) read back as the credit.
 */
function figureCaption(figure: Element): CaptionText {
  const captions = figure.children.filter(isCaption);
  const credits = DomUtils.findAll(isCredit, captions);
  const credit = oneLine(credits.map((span) => plainText(span.children, () => false)).join(' '));
  return {
    caption: oneLine(plainText(captions, isCredit)),
    credit: credit === null ? null : oneLine(credit.replace(/^Photo:/i, '')),
  };
}

function resolveImage(img: Element, context: WalkContext): GalleryImage | null {
  const src = img.attribs.src;
  const mediaId = src === undefined || context.images === null ? null : context.images(src);
  if (mediaId === null) return null;
  return { mediaId, caption: null, credit: null, alt: oneLine(img.attribs.alt ?? '') };
}

/** An `<img>` met in the flow of the body: an image node, or null when it does not resolve. */
export function imageBlock(img: Element, context: WalkContext): ImageNode | null {
  const found = resolveImage(img, context);
  return found === null ? null : { type: 'image', attrs: found };
}

/**
 * The pictures of a gallery in reading order, at any depth (Gutenberg nests them in
 * lists and figures). A figure around one picture gives that picture its caption.
 */
function galleryImages(nodes: readonly ChildNode[], context: WalkContext): GalleryImage[] {
  return nodes.flatMap((node): GalleryImage[] => {
    if (!DomUtils.isTag(node) || node.name === 'figcaption') return [];
    if (node.name === 'img') return [resolveImage(node, context)].filter((image) => image !== null);
    const inner = galleryImages(node.children, context);
    if (node.name !== 'figure' || inner.length !== 1) return inner;
    const { caption, credit } = figureCaption(node);
    return inner.map((image) => ({ ...image, caption, credit }));
  });
}

/** Galleries of at most MAX_GALLERY_IMAGES each (parseDocument's bound); the caption goes with the last. */
function galleryBlocks(images: GalleryImage[], caption: string | null): BlockNode[] {
  const blocks: BlockNode[] = [];
  for (let start = 0; start < images.length; start += MAX_GALLERY_IMAGES) {
    const last = start + MAX_GALLERY_IMAGES >= images.length;
    blocks.push({ type: 'gallery', attrs: { images: images.slice(start, start + MAX_GALLERY_IMAGES), caption: last ? caption : null } });
  }
  return blocks;
}

/**
 * A `<figure>` that is neither a pull quote nor an embed:
 * - `figure.gallery` becomes a gallery of every picture inside that resolves;
 * - a figure whose content reads as one image gives that image the figcaption;
 * - one that reads as several images and nothing else is a gallery too.
 * When no picture resolves, the figure reads as before: its content, then the caption's words.
 */
export function figureBlocks(figure: Element, context: WalkContext, read: ReadBlocks): BlockNode[] {
  const { caption, credit } = figureCaption(figure);
  const content = figure.children.filter((node) => !isCaption(node));
  if (figure.attribs.class === 'gallery') {
    const images = galleryImages(content, context);
    if (images.length > 0) return galleryBlocks(images, caption);
    return read(figure.children.filter(isCaption));
  }
  const blocks = read(content);
  const images = blocks.filter((block): block is ImageNode => block.type === 'image');
  const [only] = images;
  if (only !== undefined && images.length === 1) {
    return blocks.map((block) => (block === only ? { type: 'image', attrs: { ...only.attrs, caption, credit } } : block));
  }
  if (images.length > 1 && images.length === blocks.length)
    return galleryBlocks(
      images.map((image) => image.attrs),
      caption,
    );
  return [...blocks, ...read(figure.children.filter(isCaption))];
}
