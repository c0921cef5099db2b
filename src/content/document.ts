// The stored form of a story body: a ProseMirror document in the JSON shape TipTap's
// editor reads and writes (node and mark names follow TipTap's StarterKit), so the
// newsroom editor can open an imported story unchanged. Everything that turns a body
// into HTML, email or plain text walks this one tree.

export type Mark = { type: 'bold' } | { type: 'italic' } | { type: 'code' } | { type: 'link'; attrs: { href: string } };

export interface TextNode {
  type: 'text';
  text: string;
  marks?: Mark[];
}

export interface HardBreakNode {
  type: 'hardBreak';
}

export type InlineNode = TextNode | HardBreakNode;

export interface ParagraphNode {
  type: 'paragraph';
  content?: InlineNode[];
}

export interface HeadingNode {
  type: 'heading';
  /** Level 1 belongs to the headline; bodies use 2 to 4. */
  attrs: { level: 2 | 3 | 4 };
  content?: InlineNode[];
}

export interface BlockquoteNode {
  type: 'blockquote';
  content: BlockNode[];
}

/** A quote set large in the layout; `attribution` names who said it. */
export interface PullQuoteNode {
  type: 'pullQuote';
  attrs: { attribution: string | null };
  content?: InlineNode[];
}

export interface ListItemNode {
  type: 'listItem';
  content: BlockNode[];
}

export interface BulletListNode {
  type: 'bulletList';
  content: ListItemNode[];
}

export interface OrderedListNode {
  type: 'orderedList';
  attrs: { start: number };
  content: ListItemNode[];
}

export interface HorizontalRuleNode {
  type: 'horizontalRule';
}

/**
 * An image from the media library. `caption`, `credit` and `alt` override the library's
 * text for this one use; null keeps the library's. The media row itself (files, sizes)
 * is loaded by the caller and handed to the renderer.
 */
export interface ImageNode {
  type: 'image';
  attrs: { mediaId: number; caption: string | null; credit: string | null; alt: string | null };
}

/** One picture of a gallery: a library id with this use's own text (null keeps the library's). */
export interface GalleryImage {
  mediaId: number;
  caption: string | null;
  credit: string | null;
  alt: string | null;
}

/**
 * Library images shown together as a grid, with a caption for the whole set. An atom
 * like `image`: its pictures live in attrs, so TipTap stores and returns them whole.
 */
export interface GalleryNode {
  type: 'gallery';
  attrs: { images: GalleryImage[]; caption: string | null };
}

export type EmbedProvider = 'youtube' | 'x' | 'bluesky';

/**
 * A post or video from an allow-listed provider, stored by its canonical URL
 * (render/blocks/embed-url.ts). Readers get a click-to-load placeholder, never a
 * third-party request before they ask.
 */
export interface EmbedNode {
  type: 'embed';
  attrs: { provider: EmbedProvider; url: string };
}

export type BlockNode =
  | ParagraphNode
  | HeadingNode
  | BlockquoteNode
  | PullQuoteNode
  | BulletListNode
  | OrderedListNode
  | HorizontalRuleNode
  | ImageNode
  | GalleryNode
  | EmbedNode;

export interface DocumentNode {
  type: 'doc';
  content: BlockNode[];
}

export const emptyDocument = (): DocumentNode => ({ type: 'doc', content: [] });

/**
 * The media ids a body uses, each once, in reading order: what the page must load to
 * render it and what the article_media table records.
 */
/** Array.isArray for the document's readonly lists: TypeScript's own narrows them to any[]. */
export function isList<T>(value: readonly T[] | undefined | null): value is readonly T[] {
  return Array.isArray(value);
}

export function documentMediaIds(doc: DocumentNode): number[] {
  const ids = new Set<number>();
  // Bodies are parsed before use (at most 32 levels deep); the cap only guards the stack.
  const walk = (blocks: readonly BlockNode[] | undefined, depth = 0): void => {
    if (!isList(blocks) || depth > 64) return;
    for (const block of blocks) {
      if (typeof block !== 'object' || block === null) continue;
      if (block.type === 'image' && Number.isSafeInteger(block.attrs?.mediaId)) ids.add(block.attrs.mediaId);
      else if (block.type === 'gallery') {
        for (const image of isList(block.attrs?.images) ? block.attrs.images : []) {
          if (Number.isSafeInteger(image?.mediaId)) ids.add(image.mediaId);
        }
      } else if (block.type === 'blockquote') walk(block.content, depth + 1);
      else if (block.type === 'bulletList' || block.type === 'orderedList') {
        for (const item of isList(block.content) ? block.content : []) walk(item?.content, depth + 1);
      }
    }
  };
  walk(doc?.content);
  return [...ids];
}

/**
 * The same document with each library image's id passed through `map`: an image whose
 * id maps to null is left out (a gallery keeps its other pictures, and goes when none is
 * left). Importers convert a body once with stand-in ids, fetch the images it names,
 * then settle the ids here.
 */
export function remapMediaIds(doc: DocumentNode, map: (id: number) => number | null): DocumentNode {
  const blocks = (list: readonly BlockNode[]): BlockNode[] =>
    list.flatMap((block): BlockNode[] => {
      switch (block.type) {
        case 'image': {
          const mediaId = map(block.attrs.mediaId);
          return mediaId === null ? [] : [{ ...block, attrs: { ...block.attrs, mediaId } }];
        }
        case 'gallery': {
          const images = block.attrs.images.flatMap((image) => {
            const mediaId = map(image.mediaId);
            return mediaId === null ? [] : [{ ...image, mediaId }];
          });
          return images.length ? [{ ...block, attrs: { ...block.attrs, images } }] : [];
        }
        case 'blockquote':
          return [{ ...block, content: blocks(block.content) }];
        case 'bulletList':
        case 'orderedList':
          return [{ ...block, content: block.content.map((item) => ({ ...item, content: blocks(item.content) })) }];
        default:
          return [block];
      }
    });
  return { ...doc, content: blocks(doc.content) };
}
