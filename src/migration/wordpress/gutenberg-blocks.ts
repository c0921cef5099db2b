import { embedFigure, galleryHtml, type GalleryImage } from './wordpress-shortcodes.js';

// Block-editor documents are HTML with the block structure in comments
// (`<!-- wp:paragraph -->…<!-- /wp:paragraph -->`). The saved HTML between the comments
// is what WordPress shows, so it is kept and the comments go; the few blocks whose HTML
// does not say what they are (embeds, galleries, media players) become the source-model
// forms, and blocks WordPress builds at view time (latest posts, archives…) have no HTML
// to keep and are reported.

// The block grammar's delimiter (wp-includes/class-wp-block-parser.php).
const BLOCK_NAME = '[a-z][a-z0-9_-]*(?:\\/[a-z][a-z0-9_-]*)?';
const DYNAMIC_BLOCK = new RegExp(`<!--\\s+wp:(${BLOCK_NAME})(?:\\s+\\{[\\s\\S]*?\\})?\\s+\\/-->`, 'g');
const ANY_DELIMITER = new RegExp(`<!--\\s+\\/?wp:${BLOCK_NAME}(?:\\s+\\{[\\s\\S]*?\\})?\\s+\\/?-->`, 'g');
/** Empty layout blocks lose nothing when dropped: no warning for them. */
const LAYOUT_BLOCKS = new Set(['group', 'column', 'columns', 'spacer', 'separator', 'buttons', 'row', 'stack']);
const CONVERTED_BLOCK = new RegExp(
  `<!--\\s+wp:(embed|core-embed\\/[a-z0-9-]+|gallery|audio|video|file)(\\s+\\{[\\s\\S]*?\\})?\\s+-->([\\s\\S]*?)<!--\\s+\\/wp:\\1\\s+-->`,
  'g',
);

export function hasBlocks(content: string): boolean {
  return new RegExp(`<!--\\s+wp:${BLOCK_NAME}`).test(content);
}

export function flattenBlocks(content: string, warnings: Set<string>): string {
  return content
    .replace(CONVERTED_BLOCK, (_, name: string, attributes: string | undefined, inner: string) =>
      convertBlock({ name, attributes: parseAttributes(attributes), inner, warnings }),
    )
    .replace(DYNAMIC_BLOCK, (_, name: string) => {
      if (!LAYOUT_BLOCKS.has(name)) warnings.add(`block wp:${name} is built by WordPress when shown and has no content to import`);
      return '';
    })
    .replace(ANY_DELIMITER, '');
}

interface Block {
  name: string;
  attributes: Record<string, unknown>;
  inner: string;
  warnings: Set<string>;
}

function convertBlock({ name, attributes, inner, warnings }: Block): string {
  if (name === 'gallery') return galleryBlock(inner);
  if (name === 'embed' || name.startsWith('core-embed/')) {
    const url = typeof attributes.url === 'string' ? attributes.url : /https?:\/\/[^\s<>"]+/.exec(inner)?.[0];
    return url ? embedFigure(url) : '';
  }
  const source = /\b(?:src|href)="([^"]+)"/.exec(inner)?.[1];
  if (!source) {
    warnings.add(`a wp:${name} block without a file was left out`);
    return '';
  }
  warnings.add(`wp:${name} block became a link to its file`);
  // The value is already HTML-escaped as the attribute it came from.
  return `<p><a href="${source}">${source}</a></p>`;
}

/** Each <img> with the figcaption after it; the one marked `blocks-gallery-caption` captions the gallery. */
function galleryBlock(inner: string): string {
  const images: GalleryImage[] = [];
  let galleryCaption = '';
  for (const piece of inner.split(/(?=<img\b)/i)) {
    const tag = /^<img\b[^>]*>/i.exec(piece)?.[0];
    const image: GalleryImage | null = tag ? { src: attribute(tag, 'src'), alt: attribute(tag, 'alt'), caption: '' } : null;
    if (image && image.src) images.push(image);
    for (const caption of piece.matchAll(/<figcaption\b([^>]*)>([\s\S]*?)<\/figcaption>/gi)) {
      const text = (caption[2] ?? '').trim();
      if (/blocks-gallery-caption/.test(caption[1] ?? '')) galleryCaption = text;
      else if (image && !image.caption) image.caption = decodeEntities(stripTags(text));
    }
  }
  return images.length > 0 ? galleryHtml(images, galleryCaption) : '';
}

function attribute(tag: string, name: string): string {
  return decodeEntities(new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag)?.[1] ?? '');
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '').trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function parseAttributes(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
