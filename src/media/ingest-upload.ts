import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { slugify } from '../content/slug.js';
import { insertMedia, mediaKeyTaken } from '../store/admin-api-repository.js';
import type { Db } from '../store/store.js';
import { inspectImage, processImage, removeImageFiles } from './image-variants.js';

// One uploaded image into the media library: the type decided from its bytes, the
// original kept under a server-made name, the responsive variants made, one row saved.
// Everything the upload needs happens in this one function, so it can move into a job
// (the row saved as 'processing' first, the variants made by the worker) without the
// HTTP layer noticing. Until then the variants are made here, before the answer.

export interface Upload {
  bytes: Buffer;
  /** The name the browser sent: kept for search and display only, never as a path. */
  originalName: string;
  alt: string;
  caption: string;
  credit: string;
  uploadedBy: number | null;
}

export interface IngestedMedia {
  id: number;
  key: string;
}

/** A readable, unique library key from the file name, e.g. "harbour-at-dawn-3f9a1c". */
function keyFor(originalName: string): string {
  const stem = slugify(path.parse(originalName).name).slice(0, 60).replace(/-+$/, '') || 'image';
  return `${stem}-${randomBytes(3).toString('hex')}`;
}

/** Throws UnsupportedImageError (nothing written) when the bytes are not an accepted image. */
export async function ingestUpload(db: Db, mediaDir: string, upload: Upload, at: Date): Promise<IngestedMedia> {
  await inspectImage(upload.bytes);
  let key = keyFor(upload.originalName);
  while (await mediaKeyTaken(db, key)) key = keyFor(upload.originalName);
  const image = await processImage(upload.bytes, mediaDir);
  try {
    const id = await insertMedia(db, {
      key, file_stem: image.stem, original_ext: image.ext, mime: image.mime, width: image.width, height: image.height,
      sha256: image.sha256, alt: upload.alt, caption: upload.caption, credit: upload.credit, variants: JSON.stringify(image.variants),
      created_at: at.toISOString(), status: 'ready', original_name: upload.originalName.slice(0, 255), byte_size: upload.bytes.length,
      uploaded_by: upload.uploadedBy,
    });
    return { id, key };
  } catch (error) {
    await removeImageFiles(mediaDir, image);
    throw error;
  }
}
