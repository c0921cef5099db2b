import { bookmarkCard, calloutCard, codeCard, embedCard, galleryCard, imageCard, linkCard, type CardHtml } from './ghost-cards.js';
import { escapeAttr, escapeText } from './ghost-html.js';
import { markdownCardHtml } from './markdown-card.js';
import type { ConvertedBody } from './converted-body.js';

// Ghost 5+ stores bodies as Lexical JSON (`posts.lexical`). Ghost's own node names are the
// Lexical ones plus "extended-*" twins (extended-text, extended-heading…) that render the
// same, and its cards as decorator nodes with their data on the node itself.

type LexicalNode = Record<string, unknown> & { type?: unknown; children?: unknown };

/** Lexical's text format bit field (lexical/src/LexicalConstants.ts), outermost first. */
const FORMAT_TAGS: [bit: number, tag: string][] = [
  [1, 'strong'],
  [2, 'em'],
  [4, 's'],
  [8, 'u'],
  [16, 'code'],
  [32, 'sub'],
  [64, 'sup'],
  [128, 'mark'],
];

export function lexicalToHtml(source: string): ConvertedBody {
  const warnings = new Set<string>();
  let root: unknown;
  try {
    root = (JSON.parse(source) as { root?: unknown }).root;
  } catch {
    return { html: '', warnings: ['lexical body is not valid JSON: dropped'] };
  }
  if (!isNode(root)) return { html: '', warnings: ['lexical body has no root: dropped'] };
  return { html: renderChildren(root, warnings), warnings: [...warnings] };
}

function renderChildren(node: LexicalNode, warnings: Set<string>): string {
  return nodesOf(node.children)
    .map((child) => renderNode(child, warnings))
    .join('');
}

function renderNode(node: LexicalNode, warnings: Set<string>): string {
  const inner = (): string => renderChildren(node, warnings);
  switch (node.type) {
    case 'paragraph':
      return `<p>${inner()}</p>`;
    case 'heading':
    case 'extended-heading':
      return wrap(headingTag(node.tag), inner());
    case 'quote':
    case 'extended-quote':
    case 'aside':
      return `<blockquote>${inner()}</blockquote>`;
    case 'list':
      return wrap(node.listType === 'number' || node.tag === 'ol' ? 'ol' : 'ul', inner());
    case 'listitem':
      return `<li>${inner()}</li>`;
    case 'link':
    case 'autolink':
      return `<a href="${escapeAttr(text(node.url))}">${inner()}</a>`;
    case 'text':
    case 'extended-text':
      return formatText(text(node.text), typeof node.format === 'number' ? node.format : 0);
    case 'linebreak':
      return '<br>';
    case 'tab':
      return '\t';
    case 'horizontalrule':
      return '<hr>';
    case 'codeblock':
      return codeCard(text(node.code), text(node.language));
    default:
      return renderCard(node, warnings);
  }
}

function renderCard(node: LexicalNode, warnings: Set<string>): string {
  const type = typeof node.type === 'string' ? node.type : 'unknown';
  const result = cardHtml(type, node);
  if (result.warning) warnings.add(result.warning);
  return result.html;
}

function cardHtml(type: string, node: LexicalNode): CardHtml {
  switch (type) {
    case 'image':
      return mapped(imageCard({ src: text(node.src), alt: text(node.alt) }, text(node.caption)));
    case 'gallery': {
      const images = nodesOf(node.images).map((image) => ({ src: text(image.src), alt: text(image.alt) }));
      return mapped(galleryCard(images, text(node.caption)));
    }
    case 'embed':
      return embedCard(text(node.url), text(node.caption));
    case 'bookmark': {
      const metadata = isNode(node.metadata) ? node.metadata : {};
      return mapped(bookmarkCard(text(node.url), text(metadata.title)));
    }
    case 'callout':
      return mapped(calloutCard(text(node.calloutText), text(node.calloutEmoji)));
    case 'html':
      return { html: text(node.html), warning: "card 'html' sanitized" };
    case 'markdown':
      return mapped(markdownCardHtml(text(node.markdown)));
    case 'button':
      return linkCard('button', text(node.buttonUrl), text(node.buttonText));
    case 'video':
    case 'audio':
    case 'file':
      return linkCard(type, text(node.src), text(node.title) || text(node.fileName));
    case 'toggle':
      return { html: `<p><strong>${text(node.heading)}</strong></p>${text(node.content)}`, warning: "card 'toggle' kept as text" };
    case 'paywall':
      return { html: '', warning: "card 'paywall' dropped" };
    default:
      return keptAsText(type, node);
  }
}

/** Header, product, signup, call-to-action…: their visible text survives, their form does not. */
function keptAsText(type: string, node: LexicalNode): CardHtml {
  const parts = ['header', 'heading', 'title', 'subheader', 'subheading', 'description', 'textValue', 'productTitle', 'productDescription']
    .map((key) => text(node[key]))
    .filter((value) => value.trim() !== '');
  const html = parts.map((part) => `<p>${part}</p>`).join('');
  return { html, warning: html === '' ? `card '${type}' dropped` : `card '${type}' kept as text` };
}

function formatText(value: string, format: number): string {
  return FORMAT_TAGS.reduceRight(
    (html, [bit, tag]) => ((format & bit) !== 0 ? `<${tag}>${html}</${tag}>` : html),
    escapeText(value).replaceAll('\n', '<br>'),
  );
}

function headingTag(tag: unknown): string {
  return typeof tag === 'string' && /^h[1-6]$/.test(tag) ? tag : 'h2';
}

function wrap(tag: string, inner: string): string {
  return `<${tag}>${inner}</${tag}>`;
}

function mapped(html: string): CardHtml {
  return { html, warning: null };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isNode(value: unknown): value is LexicalNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nodesOf(value: unknown): LexicalNode[] {
  return Array.isArray(value) ? value.filter(isNode) : [];
}
