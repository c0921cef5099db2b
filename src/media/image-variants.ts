import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Metadata } from 'sharp';
import { megapixels } from './media-limits.js';

// Turns one uploaded or imported image into the responsive set the reader pages use.
// The type is decided from the bytes (sharp reads the magic numbers), never the name.

/** libvips, loaded when an image is first handled: a server that only serves pages never needs it. */
async function loadSharp() {
  return (await import('sharp')).default;
}

export const VARIANT_WIDTHS = [480, 960, 1600] as const;
export const VARIANT_FORMATS = ['avif', 'webp', 'jpeg'] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

/**
 * What the variants job lets libvips decode: the largest MEDIA_MAX_PIXELS allows. The
 * original was held to the site's own (smaller) limit when it was accepted.
 */
const VARIANT_PIXEL_LIMIT = 268_402_689;

/**
 * Bundle imports and migrations, which name no limit: the 50 megapixels they always had,
 * so an archive that imported before still does. Uploads pass MEDIA_MAX_PIXELS.
 */
const IMPORT_PIXEL_LIMIT = 50_000_000;

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

/** An image with more pixels than MEDIA_MAX_PIXELS: refused from its header, never decoded. */
export class ImageTooLargeError extends Error {
  constructor(
    readonly size: { width: number; height: number } | null,
    readonly maxPixels: number,
  ) {
    const what = size ? `${size.width} × ${size.height} pixels (${megapixels(size.width * size.height)})` : 'larger than the limit';
    super(`The image is ${what}; this site accepts images of at most ${megapixels(maxPixels)}.`);
  }
}

/**
 * The type and upright size of an image, from its header. Decompression bombs: sharp's
 * `limitInputPixels` refuses anything above `maxPixels` before a pixel is decoded.
 */
export async function inspectImage(
  input: Buffer | string,
  maxPixels = IMPORT_PIXEL_LIMIT,
): Promise<{ mime: string; ext: string; width: number; height: number }> {
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: maxPixels }).metadata();
  } catch (error) {
    if (/exceeds pixel limit/i.test((error as Error).message)) {
      // The header alone, to name the size in the refusal.
      const header = await sharp(input, { limitInputPixels: false })
        .metadata()
        .catch(() => null);
      throw new ImageTooLargeError(header?.width && header.height ? { width: header.width, height: header.height } : null, maxPixels);
    }
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

/**
 * Keeps the original under a fresh server-made name; the variants can follow later. The
 * input is the bytes, or a file (an upload streamed to disk), copied without holding it
 * in memory. A write that fails (disk full, file-size limit) leaves no partial file.
 */
export async function storeOriginal(input: Buffer | string, mediaDir: string, maxPixels?: number): Promise<StoredOriginal> {
  const info = await inspectImage(input, maxPixels);
  const stem = randomBytes(12).toString('hex');
  await mkdir(path.join(mediaDir, stem.slice(0, 2)), { recursive: true });
  const target = path.join(mediaDir, originalFile({ stem, ext: info.ext }));
  try {
    if (typeof input === 'string') await copyFile(input, target);
    else await writeFile(target, input);
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  return { stem, ...info, sha256: typeof input === 'string' ? await sha256OfFile(input) : sha256Of(input) };
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
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
        const pipeline = sharp(input, { limitInputPixels: VARIANT_PIXEL_LIMIT }).rotate().resize({ width });
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
  await Promise.all(imageFiles(image).map((file) => rm(path.join(mediaDir, file), { force: true })));
}

/** Every file of a stored image, relative to the media folder: the original and its variants (what a backup copies). */
export function imageFiles(image: Pick<ProcessedImage, 'stem' | 'ext' | 'variants'>): string[] {
  return [originalFile(image), ...image.variants.map((v) => v.file)];
}
