import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { EmbedNode, ImageNode } from '../../content/document.js';
import { Figure } from '../html/figure.js';
import type { ImageView } from '../html/view-model.js';
import { parseEmbedUrl, PROVIDER_NAMES } from '../../content/embed-url.js';
import { escapeHtml } from './escape-html.js';

// The two body blocks that point outside the text: library images and embeds.

/** Media views by media id, loaded by the caller (render/ does no I/O). */
export type BodyMedia = ReadonlyMap<number, ImageView>;

/** The body column is var(--text) = 40rem wide. */
const BODY_IMAGE_SIZES = '(min-width: 42rem) 40rem, 100vw';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/**
 * A library image as a figure: the same <picture> as the lead image (width, height and
 * alt always set), with this use's caption, credit and alt where the story overrides
 * them. An id the map does not hold (a deleted image) renders nothing.
 */
export function imageHtml(node: ImageNode, media: BodyMedia): string {
  const found = media.get(node.attrs?.mediaId);
  if (found === undefined) return '';
  const image: ImageView = {
    ...found,
    alt: text(node.attrs.alt) ?? found.alt ?? '',
    caption: text(node.attrs.caption) ?? found.caption,
    credit: text(node.attrs.credit) ?? found.credit,
  };
  return renderToString(h(Figure, { class: 'body-figure', caption: 'full', image, sizes: BODY_IMAGE_SIZES, loading: 'lazy' }));
}

/**
 * A click-to-load placeholder: nothing here makes the browser contact the provider.
 * YouTube gets a hidden "Load the video" button that src/client/keep-reading.ts reveals
 * and turns into a youtube-nocookie.com player on click. X and Bluesky get a link card
 * only: their embeds need the provider's own script, which would track every reader,
 * so opening the post on the provider's site is the honest offer.
 */
export function embedHtml(node: EmbedNode): string {
  // Re-checked on render, like links: a stored URL off the allow-list renders nothing.
  const target = typeof node.attrs?.url === 'string' ? parseEmbedUrl(node.attrs.url) : null;
  if (target === null) return '';
  const name = PROVIDER_NAMES[target.provider];
  const href = escapeHtml(target.url);
  const shown = escapeHtml(target.url.replace(/^https:\/\/(www\.)?/, ''));
  const isVideo = target.provider === 'youtube';
  const link = `<a class="embed-link" href="${href}" rel="noopener noreferrer">${isVideo ? `Watch on ${name}` : `Open the post on ${name}`}</a>`;
  const load = isVideo
    ? ` <button type="button" class="embed-load" data-youtube-id="${escapeHtml(target.id)}" hidden>Load the video</button>`
    : '';
  const note = isVideo
    ? 'Loading the video here connects to YouTube (youtube-nocookie.com).'
    : `The post stays on ${name}: showing it here would load ${name}’s script.`;
  return (
    `<figure class="embed embed-${target.provider}"><p class="embed-provider">${isVideo ? `${name} video` : `Post on ${name}`}` +
    ` <span class="embed-url">${shown}</span></p><p class="embed-actions">${link}${load}</p>` +
    `<figcaption class="embed-note">${note}</figcaption></figure>`
  );
}
