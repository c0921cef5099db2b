import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { isList, type EmbedNode, type GalleryImage, type GalleryNode, type ImageNode } from '../../content/document.js';
import { MAX_GALLERY_IMAGES } from '../../content/parse-document.js';
import { Figure } from '../html/figure.js';
import type { ImageView } from '../html/view-model.js';
import { parseEmbedUrl, PROVIDER_NAMES } from '../../content/embed-url.js';
import { escapeHtml } from './escape-html.js';

// The body blocks that point outside the text: library images, galleries and embeds.

/** Media views by media id, loaded by the caller (render/ does no I/O). */
export type BodyMedia = ReadonlyMap<number, ImageView>;

/** The body column is var(--text) = 40rem wide. */
const BODY_IMAGE_SIZES = '(min-width: 42rem) 40rem, 100vw';
/** Gallery cells (site.css `.gallery-grid`): three across the body column, two on phones. */
const GALLERY_IMAGE_SIZES = '(min-width: 42rem) 13rem, 50vw';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** The library's view with this use's caption, credit and alt where the story overrides them. */
function overridden(use: Partial<GalleryImage> | undefined, media: BodyMedia): ImageView | null {
  const found = typeof use === 'object' && use !== null ? media.get(use.mediaId as number) : undefined;
  if (found === undefined) return null;
  return {
    ...found,
    alt: text(use?.alt) ?? found.alt ?? '',
    caption: text(use?.caption) ?? found.caption,
    credit: text(use?.credit) ?? found.credit,
  };
}

/**
 * A library image as a figure: the same <picture> as the lead image (width, height and
 * alt always set), with this use's caption, credit and alt where the story overrides
 * them. An id the map does not hold (a deleted image) renders nothing.
 */
export function imageHtml(node: ImageNode, media: BodyMedia): string {
  const image = overridden(node.attrs, media);
  if (image === null) return '';
  return renderToString(h(Figure, { class: 'body-figure', caption: 'full', image, sizes: BODY_IMAGE_SIZES, loading: 'lazy' }));
}

/**
 * A gallery as one figure holding a list of figures, each picture with its own caption
 * and credit, and the gallery's caption last. The grid is CSS only; pictures whose
 * media is not loaded are left out, and a gallery with none renders nothing.
 */
export function galleryHtml(node: GalleryNode, media: BodyMedia): string {
  const uses = isList(node.attrs?.images) ? node.attrs.images.slice(0, MAX_GALLERY_IMAGES) : [];
  const items = uses.flatMap((use) => {
    const image = overridden(use, media);
    if (image === null) return [];
    const figure = h(Figure, { class: 'gallery-item', caption: 'full', image, sizes: GALLERY_IMAGE_SIZES, loading: 'lazy' });
    return [`<li>${renderToString(figure)}</li>`];
  });
  if (items.length === 0) return '';
  const caption = text(node.attrs.caption);
  const figcaption = caption === null ? '' : `<figcaption class="gallery-caption">${escapeHtml(caption)}</figcaption>`;
  return `<figure class="gallery"><ul class="gallery-grid">${items.join('')}</ul>${figcaption}</figure>`;
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
