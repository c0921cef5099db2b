import { escapeHtml } from '../../render/blocks/escape-html.js';
import type { SourceImage } from '../source-model.js';

// WordPress shortcodes as the source-model HTML conventions: [caption] a figure,
// [gallery] a gallery figure, [embed] an embed figure, [audio]/[video] a link to the
// file. Anything else keeps its inner content and loses the tag, with a warning, so
// nothing from an unknown plugin is silently lost or shown as raw brackets.

/** The attachments a body may name: by id, and those uploaded to a post (for a bare [gallery]). */
export interface BodyMedia {
  byId(attachmentId: string): SourceImage | undefined;
  /** In the order WordPress shows them (menu order, then id). */
  attachedTo(postId: string): SourceImage[];
}

export interface ShortcodeContext {
  postId: string;
  media: BodyMedia;
  warnings: Set<string>;
}

// WordPress's own shortcode pattern (get_shortcode_regex), with the tag open to any
// lowercase name and the possessive inner loop written as a lazy match.
const SHORTCODE = /\[(\[?)([a-z][a-z0-9_-]*)(?![\w-])([^\]/]*(?:\/(?!\])[^\]/]*)*?)(?:(\/)\]|\](?:([\s\S]*?)\[\/\2\])?)(\]?)/g;

const MEDIA_SOURCES = ['src', 'mp3', 'm4a', 'ogg', 'wav', 'wma', 'mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv'];

export function replaceShortcodes(text: string, context: ShortcodeContext): string {
  return text.replace(
    SHORTCODE,
    (
      whole,
      open: string,
      tag: string,
      rawAttributes: string,
      _selfClosing: string | undefined,
      inner: string | undefined,
      close: string,
    ) => {
      // [[tag]] is WordPress's escape for showing a shortcode literally.
      if (open === '[' && close === ']') return whole.slice(1, -1);
      const attributes = parseAttributes(rawAttributes);
      const content = inner ?? '';
      return open + convert({ tag, attributes, content, context }) + close;
    },
  );
}

interface Shortcode {
  tag: string;
  attributes: Record<string, string>;
  content: string;
  context: ShortcodeContext;
}

function convert(shortcode: Shortcode): string {
  const { tag, attributes, content, context } = shortcode;
  switch (tag) {
    case 'caption':
    case 'wp_caption':
      return captionFigure(replaceShortcodes(content, context), attributes.caption ?? '');
    case 'gallery':
      return galleryFigure(shortcode);
    case 'embed':
      return embedFigure(content.trim());
    case 'audio':
    case 'video':
      return mediaLink(shortcode);
    default:
      context.warnings.add(`unknown shortcode [${tag}]`);
      return replaceShortcodes(content, context);
  }
}

/** `<a><img></a> text` → `<figure><img><figcaption>text</figcaption></figure>` (the link to the file is dropped). */
function captionFigure(content: string, captionAttribute: string): string {
  const match = /^\s*(?:<a\b[^>]*>\s*)?(<img\b[^>]*>)(?:\s*<\/a>)?(?:\s*<br\s*\/?>)*\s*([\s\S]*)$/i.exec(content);
  if (!match) return content;
  const caption = (match[2] ?? '').trim() || escapeHtml(captionAttribute);
  return `<figure>${match[1]}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

function galleryFigure({ attributes, context }: Shortcode): string {
  const ids = (attributes.ids ?? attributes.include ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const images: SourceImage[] = [];
  if (ids.length === 0) images.push(...context.media.attachedTo(context.postId));
  for (const id of ids) {
    const image = context.media.byId(id);
    if (image) images.push(image);
    else context.warnings.add(`gallery image ${id} is not in the export`);
  }
  if (images.length === 0) {
    context.warnings.add('a [gallery] with no images in the export was left out');
    return '';
  }
  return galleryHtml(
    images.map((image) => ({ src: image.url, alt: image.alt, caption: image.caption })),
    '',
  );
}

export interface GalleryImage {
  src: string;
  alt: string;
  caption: string;
}

/** A captioned image sits in its own figure inside the gallery; the gallery's own caption is the outer figcaption. */
export function galleryHtml(images: GalleryImage[], caption: string): string {
  const tags = images.map((image) => {
    const img = `<img src="${escapeHtml(image.src)}" alt="${escapeHtml(image.alt)}">`;
    return image.caption ? `<figure>${img}<figcaption>${escapeHtml(image.caption)}</figcaption></figure>` : img;
  });
  return `<figure class="gallery">${tags.join('')}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

export function embedFigure(url: string): string {
  const href = escapeHtml(url);
  return `<figure class="embed"><a href="${href}">${href}</a></figure>`;
}

function mediaLink({ tag, attributes, content, context }: Shortcode): string {
  const source = MEDIA_SOURCES.map((name) => attributes[name]).find((value) => !!value) ?? /https?:\/\/\S+/.exec(content)?.[0];
  if (!source) {
    context.warnings.add(`a [${tag}] without a file was left out`);
    return '';
  }
  context.warnings.add(`[${tag}] became a link to its file`);
  return `<a href="${escapeHtml(source)}">${escapeHtml(source)}</a>`;
}

// shortcode_parse_atts: name="value", name='value', name=value, or bare values.
const ATTRIBUTE =
  /([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)/g;

function parseAttributes(raw: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  let position = 0;
  for (const match of raw.matchAll(ATTRIBUTE)) {
    const name = match[1] ?? match[3] ?? match[5];
    const value = match[2] ?? match[4] ?? match[6];
    if (name !== undefined && value !== undefined) attributes[name.toLowerCase()] = value;
    else attributes[String(position++)] = match[7] ?? match[8] ?? match[9] ?? '';
  }
  return attributes;
}
