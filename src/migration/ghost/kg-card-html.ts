import type { ChildNode, Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { parseEmbedUrl } from '../../content/embed-url.js';
import { bookmarkCard, calloutCard, embedCard, galleryCard, imageCard, linkCard, type CardHtml } from './ghost-cards.js';
import type { ConvertedBody } from './converted-body.js';

// Ghost's `html` column is its own rendering of the cards (`<figure class="kg-card
// kg-image-card">`…). Each card is rewritten to the source model's forms, exactly as the
// lexical and mobiledoc paths write them, so one story reads the same whichever column
// it came from.

const SERIALIZE = { encodeEntities: 'utf8', emptyAttrs: true } as const;
const CARD_CLASS = /^kg-([a-z]+(?:-[a-z]+)*)-card$/;
/** `<!--kg-card-begin: html-->` marks where an html card's raw markup starts. */
const CARD_COMMENT = /^\s*kg-card-begin:\s*([a-z-]+)\s*$/;

export function kgCardHtmlToHtml(html: string): ConvertedBody {
  const document = parseDocument(html);
  const warnings = new Set<string>();
  rewrite(document.children, warnings);
  return { html: DomUtils.getOuterHTML(document.children, SERIALIZE), warnings: [...warnings] };
}

function rewrite(nodes: ChildNode[], warnings: Set<string>): void {
  for (const node of [...nodes]) {
    if (DomUtils.isComment(node)) {
      const card = CARD_COMMENT.exec(node.data)?.[1];
      if (card === 'html') warnings.add("card 'html' sanitized");
      DomUtils.removeElement(node);
      continue;
    }
    if (!DomUtils.isTag(node)) continue;
    const card = cardName(node);
    if (card === null) {
      rewrite(node.children, warnings);
      continue;
    }
    const result = cardHtml(card, node);
    if (result === null) {
      warnings.add(`card '${card}' kept as text`);
      continue;
    }
    if (result.warning) warnings.add(result.warning);
    replaceWithHtml(node, result.html);
  }
}

function cardName(element: Element): string | null {
  const classes = (element.attribs.class ?? '').split(/\s+/);
  for (const name of classes) {
    const match = CARD_CLASS.exec(name);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** Null when the card is left as it is, for the sanitizer to keep its text. */
function cardHtml(card: string, element: Element): CardHtml | null {
  const caption = captionHtml(element);
  switch (card) {
    case 'image': {
      const image = find(element, 'img');
      return mapped(imageCard({ src: attr(image, 'src'), alt: attr(image, 'alt') }, caption));
    }
    case 'gallery': {
      const images = DomUtils.findAll((node) => node.name === 'img', element.children);
      return mapped(
        galleryCard(
          images.map((image) => ({ src: attr(image, 'src'), alt: attr(image, 'alt') })),
          caption,
        ),
      );
    }
    case 'embed':
      return embedCard(embedUrl(element), caption);
    case 'bookmark': {
      const title = findByClass(element, 'kg-bookmark-title');
      return mapped(bookmarkCard(attr(find(element, 'a'), 'href'), title ? DomUtils.textContent(title).trim() : ''));
    }
    case 'callout': {
      const text = findByClass(element, 'kg-callout-text');
      const emoji = findByClass(element, 'kg-callout-emoji');
      return mapped(calloutCard(text ? inner(text) : '', emoji ? DomUtils.textContent(emoji) : ''));
    }
    case 'button': {
      const link = find(element, 'a');
      return linkCard('button', attr(link, 'href'), link ? DomUtils.textContent(link).trim() : '');
    }
    case 'video':
    case 'audio':
      return linkCard(card, attr(find(element, card), 'src'), '');
    case 'file': {
      const title = findByClass(element, 'kg-file-card-title');
      return linkCard(card, attr(find(element, 'a'), 'href'), title ? DomUtils.textContent(title).trim() : '');
    }
    case 'toggle': {
      const heading = findByClass(element, 'kg-toggle-heading-text');
      const content = findByClass(element, 'kg-toggle-content');
      const html = `<p><strong>${heading ? inner(heading) : ''}</strong></p>${content ? inner(content) : ''}`;
      return { html, warning: "card 'toggle' kept as text" };
    }
    case 'code': {
      const pre = find(element, 'pre');
      return mapped(`${pre ? DomUtils.getOuterHTML(pre, SERIALIZE) : ''}${caption === '' ? '' : `<p>${caption}</p>`}`);
    }
    default:
      return null;
  }
}

/**
 * The iframe's source for video players; for X and Bluesky, whose embeds are a quote of the
 * post, the link that names the post.
 */
function embedUrl(element: Element): string {
  const links = DomUtils.findAll((node) => node.name === 'a' || node.name === 'iframe', element.children).map(
    (node) => node.attribs.href ?? node.attribs.src ?? '',
  );
  return links.find((url) => parseEmbedUrl(url) !== null) ?? links[0] ?? '';
}

function captionHtml(element: Element): string {
  const caption = element.children.find((node): node is Element => DomUtils.isTag(node) && node.name === 'figcaption');
  return caption ? inner(caption).trim() : '';
}

function replaceWithHtml(element: Element, html: string): void {
  for (const node of [...parseDocument(html).children]) DomUtils.prepend(element, node);
  DomUtils.removeElement(element);
}

function find(element: Element, name: string): Element | null {
  return DomUtils.findOne((node) => node.name === name, element.children);
}

function findByClass(element: Element, className: string): Element | null {
  return DomUtils.findOne((node) => (node.attribs.class ?? '').split(/\s+/).includes(className), element.children);
}

function attr(element: Element | null, name: string): string {
  return element?.attribs[name] ?? '';
}

function inner(element: Element): string {
  return DomUtils.getInnerHTML(element, SERIALIZE);
}

function mapped(html: string): CardHtml {
  return { html, warning: null };
}
