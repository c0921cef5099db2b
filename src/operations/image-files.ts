import type { ProcessedImage } from '../media/image-variants.js';

// Every file of a stored image, relative to the media folder: the original, then its
// variants. The original's name is media/image-variants.ts's rule (`originalFile`, not
// exported there); keep the two together: a backup that missed a file would lose it.

export function imageFiles(image: Pick<ProcessedImage, 'stem' | 'ext' | 'variants'>): string[] {
  return [`${image.stem.slice(0, 2)}/${image.stem}.orig.${image.ext}`, ...image.variants.map((v) => v.file)];
}
