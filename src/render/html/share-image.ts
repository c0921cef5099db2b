import type { ImageView, PageMeta, PublicationView } from './view-model.js';
import { absoluteUrl } from './absolute-url.js';

/**
 * The image social networks and search engines get: the widest JPEG variant (every
 * network reads JPEG; few read AVIF), with its real pixel size derived from the
 * image's aspect ratio.
 */
export function shareImage(publication: PublicationView, image: ImageView | null): PageMeta['image'] {
  if (!image) return null;
  const jpeg = image.sources.find((source) => source.type === 'image/jpeg');
  const widest = jpeg ? widestCandidate(jpeg.srcset) : null;
  const [path, width] = widest ?? [image.src, image.width];
  return {
    url: absoluteUrl(publication.siteUrl, path),
    width,
    height: Math.round((width * image.height) / image.width),
    alt: image.alt,
  };
}

function widestCandidate(srcset: string): [string, number] | null {
  let best: [string, number] | null = null;
  for (const candidate of srcset.split(',')) {
    const [url, descriptor] = candidate.trim().split(/\s+/);
    const width = descriptor?.endsWith('w') ? Number.parseInt(descriptor, 10) : Number.NaN;
    if (url && Number.isFinite(width) && (!best || width > best[1])) best = [url, width];
  }
  return best;
}
