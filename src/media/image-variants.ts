import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Metadata } from 'sharp';

// Turns one uploaded or imported image into the responsive set the reader pages use.
// The type is decided from the bytes (sharp reads the magic numbers), never the name.

/** libvips, loaded when an image is first handled: a server that only serves pages never needs it. */
async function loadSharp() {
  return (await import('sharp')).default;
}

export const VARIANT_WIDTHS = [480, 960, 1600] as const;
export const VARIANT_FORMATS = ['avif', 'webp', 'jpeg'] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

/** Decompression bombs: refuse anything above 50 megapixels before decoding it. */
const PIXEL_LIMIT = 50_000_000;

const ACCEPTED: Record<string, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
  gif: { mime: 'image/gif', ext: 'gif' },
  heif: { mime: 'image/avif', ext: 'avif' },
};

export interface Variant {
  format: VariantFormat;
  width: number;
  height: number;
  file: string;
}

export interface ProcessedImage {
  stem: string;
  ext: string;
  mime: string;
  width: number;
  height: number;
  sha256: string;
  variants: Variant[];
}

export class UnsupportedImageError extends Error {}

export async function inspectImage(input: Buffer): Promise<{ mime: string; ext: string; width: number; height: number }> {
  let meta: Metadata;
  try {
    meta = await (await loadSharp())(input, { limitInputPixels: PIXEL_LIMIT }).metadata();
  } catch {
    throw new UnsupportedImageError('not a readable image');
  }
  const accepted = meta.format ? ACCEPTED[meta.format] : undefined;
  if (!accepted || (meta.format === 'heif' && meta.compression !== 'av1')) {
    throw new UnsupportedImageError(`unsupported image type ${meta.format ?? 'unknown'} (JPEG, PNG, WebP, AVIF or GIF only)`);
  }
  if (!meta.width || !meta.height) throw new UnsupportedImageError('image has no dimensions');
  // EXIF orientations 5–8 swap width and height once the image is turned upright.
  const turned = (meta.orientation ?? 1) >= 5;
  return { ...accepted, width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height };
}

export interface StoredOriginal {
  stem: string;
  ext: string;
  mime: string;
  width: number;
  height: number;
  sha256: string;
}

const originalFile = (image: Pick<StoredOriginal, 'stem' | 'ext'>) => `${image.stem.slice(0, 2)}/${image.stem}.orig.${image.ext}`;

/** Keeps the original under a fresh server-made name; the variants can follow later. */
export async function storeOriginal(input: Buffer, mediaDir: string): Promise<StoredOriginal> {
  const info = await inspectImage(input);
  const stem = randomBytes(12).toString('hex');
  await mkdir(path.join(mediaDir, stem.slice(0, 2)), { recursive: true });
  await writeFile(path.join(mediaDir, originalFile({ stem, ext: info.ext })), input);
  return { stem, ...info, sha256: createHash('sha256').update(input).digest('hex') };
}

/**
 * Makes the responsive set from a stored original: each width up to 1600 px (never
 * wider than the original) in AVIF, WebP and JPEG. Running it twice rewrites the same
 * files, so a retried job is harmless.
 */
export async function makeVariants(mediaDir: string, original: StoredOriginal): Promise<Variant[]> {
  const input = await readFile(path.join(mediaDir, originalFile(original)));
  const sharp = await loadSharp();
  const written: string[] = [];
  try {
    const widths: number[] = VARIANT_WIDTHS.filter((w) => w < original.width);
    widths.push(Math.min(original.width, VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]!));
    const variants: Variant[] = [];
    for (const width of [...new Set(widths)].sort((a, b) => a - b)) {
      const height = Math.round((original.height * width) / original.width);
      for (const format of VARIANT_FORMATS) {
        const file = `${original.stem.slice(0, 2)}/${original.stem}-${width}.${format === 'jpeg' ? 'jpg' : format}`;
        // rotate() applies EXIF orientation; sharp drops EXIF (and GPS) on output by default.
        const pipeline = sharp(input, { limitInputPixels: PIXEL_LIMIT }).rotate().resize({ width });
        const encoded =
          format === 'avif'
            ? pipeline.avif({ quality: 55, effort: 2 })
            : format === 'webp'
              ? pipeline.webp({ quality: 74 })
              : pipeline.jpeg({ quality: 78, mozjpeg: true, progressive: true });
        await encoded.toFile(path.join(mediaDir, file));
        written.push(file);
        variants.push({ format, width, height, file });
      }
    }
    return variants;
  } catch (error) {
    await Promise.all(written.map((file) => rm(path.join(mediaDir, file), { force: true })));
    throw error;
  }
}

/** Writes the original and every variant under a fresh server-made name (the importer's path). */
export async function processImage(input: Buffer, mediaDir: string): Promise<ProcessedImage> {
  const original = await storeOriginal(input, mediaDir);
  try {
    return { ...original, variants: await makeVariants(mediaDir, original) };
  } catch (error) {
    await rm(path.join(mediaDir, originalFile(original)), { force: true });
    throw error;
  }
}

/** Removes what processImage wrote, e.g. when the transaction that would use it fails. */
export async function removeImageFiles(mediaDir: string, image: Pick<ProcessedImage, 'stem' | 'ext' | 'variants'>): Promise<void> {
  const files = [originalFile(image), ...image.variants.map((v) => v.file)];
  await Promise.all(files.map((file) => rm(path.join(mediaDir, file), { force: true })));
}
