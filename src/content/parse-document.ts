import {
  emptyDocument,
  type BlockNode,
  type DocumentNode,
  type EmbedNode,
  type GalleryImage,
  type GalleryNode,
  type ImageNode,
  type InlineNode,
  type ListItemNode,
} from './document.js';
import { parseEmbedUrl } from './embed-url.js';
import { list, record, type Fields } from './parse-fields.js';
import { parseInlineContent } from './parse-inline.js';

// Stored bodies are untrusted JSON: well-formed nodes are rebuilt field by field
// (input objects are never spread or returned), anything else is dropped. Nesting is
// capped so a hostile document cannot exhaust the stack of this parser or the renderer.
export const MAX_BLOCK_DEPTH = 32;

/** A gallery's bounds: enough for any photo essay, small enough to render in one page. */
export const MAX_GALLERY_IMAGES = 50;
export const MAX_GALLERY_TEXT = 2000;

function withInlines<T extends object>(node: T, content: unknown): (T & { content?: InlineNode[] }) | null {
  const inlines = parseInlineContent(content);
  if (inlines === null) return null;
  return inlines.length > 0 ? { ...node, content: inlines } : node;
}

/** An override text: a string with something in it, or null (keep the library's). */
function override(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** An override cut to MAX_GALLERY_TEXT characters (whole code points, so no half emoji). */
function boundedOverride(value: unknown): string | null {
  const text = override(value);
  if (text === null || text.length <= MAX_GALLERY_TEXT) return text;
  return Array.from(text).slice(0, MAX_GALLERY_TEXT).join('');
}

function mediaIdOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : null;
}

function parseImage(attrs: Fields): ImageNode | null {
  const mediaId = mediaIdOf(attrs.mediaId);
  if (mediaId === null) return null;
  return { type: 'image', attrs: { mediaId, caption: override(attrs.caption), credit: override(attrs.credit), alt: override(attrs.alt) } };
}

function parseGalleryImage(value: unknown): GalleryImage | null {
  const fields = record(value);
  const mediaId = mediaIdOf(fields?.mediaId);
  if (fields === null || mediaId === null) return null;
  return { mediaId, caption: boundedOverride(fields.caption), credit: boundedOverride(fields.credit), alt: boundedOverride(fields.alt) };
}

/**
 * A gallery's attrs from untrusted JSON (a stored body, or the editor's clipboard).
 * Images past MAX_GALLERY_IMAGES are cut off; a gallery left with none is null.
 */
export function parseGalleryAttrs(value: unknown): GalleryNode['attrs'] | null {
  const attrs = record(value);
  if (attrs === null || !Array.isArray(attrs.images)) return null;
  const images = list(attrs.images.slice(0, MAX_GALLERY_IMAGES), parseGalleryImage) ?? [];
  return images.length === 0 ? null : { images, caption: boundedOverride(attrs.caption) };
}

function parseEmbed(attrs: Fields): EmbedNode | null {
  // Not allow-listed, or a URL of another provider than the one claimed: refused.
  const target = typeof attrs.url === 'string' ? parseEmbedUrl(attrs.url) : null;
  if (target === null || target.provider !== attrs.provider) return null;
  return { type: 'embed', attrs: { provider: target.provider, url: target.url } };
}

function blocks(value: unknown, depth: number): BlockNode[] | null {
  const content = list(value, (item) => parseBlock(item, depth));
  // Containers (blockquote, list item) must hold at least one block, as in TipTap.
  return content === null || content.length === 0 ? null : content;
}

function parseListItem(value: unknown, depth: number): ListItemNode | null {
  const node = record(value);
  const content = node?.type === 'listItem' ? blocks(node.content, depth + 1) : null;
  return content === null ? null : { type: 'listItem', content };
}

function parseBlock(value: unknown, depth: number): BlockNode | null {
  const node = record(value);
  if (node === null || depth > MAX_BLOCK_DEPTH) return null;
  const attrs = node.attrs === undefined ? {} : record(node.attrs);
  if (attrs === null) return null;
  switch (node.type) {
    case 'paragraph':
      return withInlines({ type: 'paragraph' as const }, node.content);
    case 'heading': {
      // Older bodies may carry h1 or h5–h6; they are clamped rather than lost.
      if (typeof attrs.level !== 'number' || !Number.isInteger(attrs.level)) return null;
      const level = Math.min(4, Math.max(2, attrs.level)) as 2 | 3 | 4;
      return withInlines({ type: 'heading' as const, attrs: { level } }, node.content);
    }
    case 'pullQuote': {
      const attribution = typeof attrs.attribution === 'string' ? attrs.attribution : null;
      return withInlines({ type: 'pullQuote' as const, attrs: { attribution } }, node.content);
    }
    case 'blockquote': {
      const content = blocks(node.content, depth + 1);
      return content === null ? null : { type: 'blockquote', content };
    }
    case 'bulletList':
    case 'orderedList': {
      const items = list(node.content, (item) => parseListItem(item, depth));
      if (items === null || items.length === 0) return null;
      if (node.type === 'bulletList') return { type: 'bulletList', content: items };
      const start = typeof attrs.start === 'number' && Number.isSafeInteger(attrs.start) ? attrs.start : 1;
      return { type: 'orderedList', attrs: { start }, content: items };
    }
    case 'horizontalRule':
      return { type: 'horizontalRule' };
    case 'image':
      return parseImage(attrs);
    case 'gallery': {
      const gallery = parseGalleryAttrs(attrs);
      return gallery === null ? null : { type: 'gallery', attrs: gallery };
    }
    case 'embed':
      return parseEmbed(attrs);
    default:
      return null;
  }
}

/** A document rebuilt from untrusted JSON. Never throws: garbage gives an empty document. */
export function parseDocument(value: unknown): DocumentNode {
  try {
    const root = record(value);
    if (root?.type !== 'doc') return emptyDocument();
    return { type: 'doc', content: list(root.content, (item) => parseBlock(item, 0)) ?? [] };
  } catch {
    // A throwing getter or proxy is garbage too.
    return emptyDocument();
  }
}
