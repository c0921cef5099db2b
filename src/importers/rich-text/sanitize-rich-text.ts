import sanitizeHtml from 'sanitize-html';
import { safeHref } from '../../content/safe-url.js';
import { safeImageSrc } from './image-source.js';

// The one allowlist for rich text arriving from outside (paste, import, Markdown with
// HTML). Its output is never shown: it is only parsed into a document, so the few
// helper forms below (div, pre, span[data-marks], span[data-credit]) exist to carry
// structure to the parser and never reach a page.

/** Word marks its list bullets `mso-list:Ignore`; renamed to this to drop them with their text. */
const DROPPED = 'masthead-dropped';

/** Not prose: removed together with everything inside them. */
const NON_TEXT = [
  'script',
  'style',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'noscript',
  'noembed',
  'noframes',
  'textarea',
  'select',
  'option',
  'head',
  'title',
  'xml',
  DROPPED,
];

/** Block boundaries without meaning of their own: kept as `div` so text on either side stays apart. */
const BOUNDARIES = [
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'address',
  'center',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
];

/** `b`, `strong`, `i` and `em` are allowed too, but arrive as `span[data-marks]` (see transformTags). */
const ALLOWED = [
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'li',
  'code',
  'a',
  'br',
  'hr',
  'figure',
  'figcaption',
  'div',
  'pre',
  'span',
];

/** Bold and italic as inline CSS sets them (Google Docs); Word's `mso-bidi-font-weight` is not font-weight. */
function styleFacts(style = ''): { bold: boolean | null; italic: boolean | null; ignore: boolean } {
  const facts = { bold: null as boolean | null, italic: null as boolean | null, ignore: false };
  for (const declaration of style.toLowerCase().split(';')) {
    const [property = '', raw = ''] = declaration.split(':').map((part) => part.trim());
    // Not a regex: `\s*!important$` backtracks quadratically on long runs of spaces.
    const value = raw.endsWith('!important') ? raw.slice(0, -'!important'.length).trim() : raw;
    if (property === 'font-weight') facts.bold = value === 'bold' || value === 'bolder' || Number(value) >= 600;
    if (property === 'font-style') facts.italic = value === 'italic' || value === 'oblique';
    if (property === 'mso-list' && value === 'ignore') facts.ignore = true;
  }
  return facts;
}

function marksSpan(style: string | undefined, base: { bold?: boolean; italic?: boolean }): sanitizeHtml.Tag {
  const facts = styleFacts(style);
  if (facts.ignore) return { tagName: DROPPED, attribs: {} };
  const marks = [(facts.bold ?? base.bold) === true ? 'bold' : '', (facts.italic ?? base.italic) === true ? 'italic' : ''];
  return { tagName: 'span', attribs: { 'data-marks': marks.filter(Boolean).join(' ') } };
}

const transformTags: Record<string, sanitizeHtml.Transformer> = {
  ...Object.fromEntries(BOUNDARIES.map((tag) => [tag, () => ({ tagName: 'div', attribs: {} })])),
  span: (_tag, attribs) => marksSpan(attribs.style, {}),
  // Google Docs wraps a whole paste in `<b style="font-weight:normal">`: not bold at all.
  b: (_tag, attribs) => marksSpan(attribs.style, { bold: true }),
  strong: (_tag, attribs) => marksSpan(attribs.style, { bold: true }),
  i: (_tag, attribs) => marksSpan(attribs.style, { italic: true }),
  em: (_tag, attribs) => marksSpan(attribs.style, { italic: true }),
  a: (_tag, attribs): sanitizeHtml.Tag => {
    const href = attribs.href === undefined ? null : safeHref(attribs.href);
    return { tagName: 'a', attribs: href === null ? {} : { href } };
  },
};

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED,
  allowedAttributes: { a: ['href'], ol: ['start'], span: ['data-marks'] },
  allowedClasses: { figure: ['pull-quote', 'embed'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: NON_TEXT,
  transformTags,
  // Deeper tags are unwrapped (text kept), which bounds the recursion of the parser after us.
  nestingLimit: 48,
};

/** The class names galleries arrive with: ours, Gutenberg's, Ghost's card, WordPress's `[gallery]` output. */
const GALLERY_CLASSES = new Set(['gallery', 'wp-block-gallery', 'kg-gallery-card']);

const classes = (attribs: sanitizeHtml.Attributes): string[] => (attribs.class ?? '').split(/\s+/);

/**
 * `<img>` with its src checked (a lazy loader's `data-src` wins over its placeholder);
 * without a usable src it has none, and `exclusiveFilter` removes it. The src only ever
 * reaches the resolver.
 */
function imageTag(attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const candidates = [attribs['data-lazy-src'], attribs['data-src'], attribs.src];
  const src = candidates.map(safeImageSrc).find((found) => found !== null);
  if (src === undefined) return { tagName: 'img', attribs: {} };
  return { tagName: 'img', attribs: attribs.alt === undefined ? { src } : { src, alt: attribs.alt } };
}

/** The same allowlist plus images and galleries, for callers that can map an image to the library. */
const WITH_IMAGES: sanitizeHtml.IOptions = {
  ...OPTIONS,
  allowedTags: [...ALLOWED, 'img'],
  allowedAttributes: { ...OPTIONS.allowedAttributes, img: ['src', 'alt'], span: ['data-marks', 'data-credit'] },
  allowedClasses: { figure: ['pull-quote', 'embed', 'gallery'] },
  exclusiveFilter: (frame) => frame.tag === 'img' && frame.attribs.src === undefined,
  transformTags: {
    ...transformTags,
    img: (_tag, attribs) => imageTag(attribs),
    figure: (_tag, attribs): sanitizeHtml.Tag => {
      const isGallery = classes(attribs).some((name) => GALLERY_CLASSES.has(name));
      return { tagName: 'figure', attribs: isGallery ? { class: 'gallery' } : attribs };
    },
    div: (_tag, attribs): sanitizeHtml.Tag => {
      const isGallery = classes(attribs).some((name) => GALLERY_CLASSES.has(name));
      return isGallery ? { tagName: 'figure', attribs: { class: 'gallery' } } : { tagName: 'div', attribs: {} };
    },
    // The renderer writes a picture's credit as `<span class="credit">Photo: …</span>`.
    span: (_tag, attribs) => {
      const span = marksSpan(attribs.style, {});
      const isCredit = span.tagName === 'span' && classes(attribs).includes('credit');
      return isCredit ? { ...span, attribs: { ...span.attribs, 'data-credit': '' } } : span;
    },
  },
};

/** HTML reduced to the rich-text allowlist, ready for `htmlToDocument`'s parser. */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

/**
 * The same, keeping `<img src alt>` (src passing `safeImageSrc`), `figure.gallery` (also
 * from Gutenberg's and Ghost's gallery classes) and the renderer's credit spans.
 */
export function sanitizeRichTextWithImages(html: string): string {
  return sanitizeHtml(html, WITH_IMAGES);
}
