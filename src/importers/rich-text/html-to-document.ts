import { DomUtils, parseDocument as parseHtml } from 'htmlparser2';
import type { DocumentNode } from '../../content/document.js';
import { containerBlocks } from './dom-blocks.js';
import { sanitizeRichText, sanitizeRichTextWithImages } from './sanitize-rich-text.js';

export interface HtmlImportOptions {
  /**
   * The media library id for an image's src (exactly as `htmlImageSources` lists it), or
   * null when there is none. Without it, images are dropped as they always were.
   */
  images?: (src: string) => number | null;
  /** Told once per src that `images` did not know; that image is left out. */
  onMissingImage?: (src: string) => void;
}

/** The resolver as the walk uses it: unknown ids and reports handled here, once per src. */
function imageResolver(options: HtmlImportOptions): ((src: string) => number | null) | null {
  const { images, onMissingImage } = options;
  if (images === undefined) return null;
  const reported = new Set<string>();
  return (src) => {
    const id = images(src);
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 1) return id;
    if (!reported.has(src)) onMissingImage?.(src);
    reported.add(src);
    return null;
  };
}

/**
 * Untrusted HTML (a paste, an import, rendered Markdown) as a story body. It is
 * sanitized first, so the reader below only ever sees allowlisted tags; entities are
 * decoded by the parser, because the document stores plain text and escaping is the
 * renderer's job. With `images`, `<img>` and galleries become library images (README).
 */
export function htmlToDocument(html: string, options: HtmlImportOptions = {}): DocumentNode {
  const images = imageResolver(options);
  const dom = parseHtml(images === null ? sanitizeRichText(html) : sanitizeRichTextWithImages(html));
  return { type: 'doc', content: containerBlocks(dom.children, { marks: [], pre: false, images }) };
}

/**
 * Every image src `htmlToDocument` would ask `images` about, in reading order, each once,
 * so a caller can fetch or import the files first. Unsafe sources (`javascript:`,
 * `data:`) are not listed: they are dropped without a report.
 */
export function htmlImageSources(html: string): string[] {
  const dom = parseHtml(sanitizeRichTextWithImages(html));
  const sources = DomUtils.findAll((element) => element.name === 'img', dom.children).map((img) => img.attribs.src);
  return [...new Set(sources.filter((src): src is string => src !== undefined))];
}
