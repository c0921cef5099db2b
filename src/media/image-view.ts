import type { ImageView } from '../render/html/view-model.js';
import type { Variant } from './image-variants.js';

// From a stored media row to what a page needs: <picture> sources best format first,
// the JPEG fallback, intrinsic size for layout stability.

export interface StoredMedia {
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  variants: string;
}

const MIME = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' } as const;

export function parseVariants(json: string): Variant[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as Variant[]) : [];
  } catch {
    return [];
  }
}

export function imageView(media: StoredMedia): ImageView | null {
  const variants = parseVariants(media.variants);
  const jpegs = variants.filter((v) => v.format === 'jpeg').sort((a, b) => a.width - b.width);
  const fallback = jpegs.find((v) => v.width >= 960) ?? jpegs[jpegs.length - 1];
  if (!fallback) return null;
  const sources = (['avif', 'webp', 'jpeg'] as const)
    .map((format) => ({
      type: MIME[format],
      srcset: variants
        .filter((v) => v.format === format)
        .sort((a, b) => a.width - b.width)
        .map((v) => `/media/${v.file} ${v.width}w`)
        .join(', '),
    }))
    .filter((s) => s.srcset);
  return {
    src: `/media/${fallback.file}`,
    sources,
    width: media.width,
    height: media.height,
    alt: media.alt,
    caption: media.caption || null,
    credit: media.credit || null,
  };
}
