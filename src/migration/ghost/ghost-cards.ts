import { parseEmbedUrl } from '../../content/embed-url.js';
import { escapeAttr, escapeText } from './ghost-html.js';

// Ghost's cards in the shapes the source model promises (see SourceStory.bodyHtml), used
// alike for lexical nodes, mobiledoc cards and the rendered `kg-*` html. A card Masthead
// cannot hold keeps what a reader can still use (a link, its text) and says so.

export interface CardHtml {
  html: string;
  /** For the story's warnings, when the card was not mapped one to one. */
  warning: string | null;
}

export interface CardImage {
  src: string;
  alt: string;
}

/** Caption HTML is kept as HTML: the runner's sanitizer reads it like the body. */
export function imageCard(image: CardImage, captionHtml: string): string {
  const caption = captionHtml.trim() === '' ? '' : `<figcaption>${captionHtml}</figcaption>`;
  return `<figure>${imageTag(image)}${caption}</figure>`;
}

export function galleryCard(images: CardImage[], captionHtml: string): string {
  const caption = captionHtml.trim() === '' ? '' : `<figcaption>${captionHtml}</figcaption>`;
  return `<figure class="gallery">${images.map(imageTag).join('')}${caption}</figure>`;
}

/** YouTube, X and Bluesky become embeds; any other provider stays a plain link. */
export function embedCard(url: string, captionHtml: string): CardHtml {
  const caption = captionHtml.trim() === '' ? '' : `<p>${captionHtml}</p>`;
  const target = parseEmbedUrl(url);
  if (target) {
    const href = escapeAttr(target.url);
    return { html: `<figure class="embed"><a href="${href}">${escapeText(target.url)}</a></figure>${caption}`, warning: null };
  }
  if (url.trim() === '') return { html: caption, warning: 'embed without a URL dropped' };
  return { html: `<p>${link(url, url)}</p>${caption}`, warning: `embed '${hostOf(url)}' kept as a link` };
}

export function bookmarkCard(url: string, title: string): string {
  return `<p>${link(url, title.trim() === '' ? url : title)}</p>`;
}

export function calloutCard(innerHtml: string, emoji: string): string {
  const lead = emoji.trim() === '' ? '' : `<p>${escapeText(emoji.trim())}</p>`;
  const body = /^\s*<(p|ul|ol|h[1-6]|blockquote|figure|pre)\b/i.test(innerHtml) ? innerHtml : `<p>${innerHtml}</p>`;
  return `<blockquote>${lead}${body}</blockquote>`;
}

/** Button, file, audio, video: a link to what they pointed at. */
export function linkCard(card: string, url: string, label: string): CardHtml {
  if (url.trim() === '') return { html: label.trim() === '' ? '' : `<p>${escapeText(label)}</p>`, warning: `card '${card}' dropped` };
  return { html: `<p>${link(url, label.trim() === '' ? url : label)}</p>`, warning: `card '${card}' kept as a link` };
}

export function codeCard(code: string, language: string): string {
  const lang = language.trim() === '' ? '' : ` class="language-${escapeAttr(language.trim())}"`;
  return `<pre><code${lang}>${escapeText(code)}</code></pre>`;
}

function imageTag(image: CardImage): string {
  return `<img src="${escapeAttr(image.src)}" alt="${escapeAttr(image.alt)}">`;
}

function link(url: string, label: string): string {
  return `<a href="${escapeAttr(url)}">${escapeText(label)}</a>`;
}

function hostOf(url: string): string {
  try {
    return new URL(url.startsWith('//') ? `https:${url}` : url.includes('://') ? url : `https://${url}`).hostname;
  } catch {
    return url.slice(0, 60);
  }
}
