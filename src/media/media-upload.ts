import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { MediaInput } from '../content/media-input.js';
import { can, type Actor } from '../content/policy.js';
import { slugify } from '../content/slug.js';
import { forbidden } from '../editorial/newsroom-error.js';
import { enqueueJob } from '../store/jobs/job-repository.js';
import { insertUploadedMedia, mediaKeyTaken } from '../store/media/media-repository.js';
import type { Db } from '../store/store.js';
import { ImageTooLargeError, removeImageFiles, storeOriginal, UnsupportedImageError } from './image-variants.js';
import { DEFAULT_MEDIA_LIMITS, megabytes, type MediaLimits } from './media-limits.js';

// An upload into the media library, from the newsroom form or /api/admin/media: the one
// writer of new media rows (the bundle import aside). The type comes from the bytes
// (JPEG, PNG, WebP, AVIF, GIF; SVG and the rest are refused), the text fields were parsed
// by content/media-input.ts, the original is kept under a server-made name, and the
// variants are made by a job.

/** The default upload limit; the site's own is MEDIA_MAX_UPLOAD_MB (media-limits.ts). */
export const MAX_UPLOAD_BYTES = DEFAULT_MEDIA_LIMITS.maxUploadBytes;

export class UploadRefused extends Error {
  constructor(
    readonly status: 413 | 415 | 400 | 507,
    message: string,
  ) {
    super(message);
  }
}

/** Write failures that mean "no room": the disk is full, or a file-size limit (RLIMIT_FSIZE) was reached. */
const NO_ROOM = new Set(['ENOSPC', 'EFBIG', 'EDQUOT']);

export function isNoRoom(error: unknown): boolean {
  return NO_ROOM.has((error as NodeJS.ErrnoException | null)?.code ?? '');
}

export const noRoomRefusal = (cause: unknown) =>
  Object.assign(
    new UploadRefused(
      507,
      'The server has no room to store this image just now (its disk is full). Nothing was stored; tell whoever runs the site.',
    ),
    { cause },
  );

/** The upload as bytes (the API) or as a file it was streamed to (the newsroom form); the caller removes the file. */
export type UploadSource = { bytes: Buffer } | { tempFile: { path: string; size: number } };

export type UploadInput = MediaInput &
  UploadSource & {
    originalName: string;
    /** Who asks (the policy check); `uploadedBy` is the staff row recorded, null for an API key. */
    actor: Actor;
    uploadedBy: number | null;
  };

/** A readable, unique library key from the file name, e.g. "harbour-at-dawn-3f9a1c". */
function keyFor(originalName: string): string {
  const stem = slugify(path.parse(originalName).name).slice(0, 60).replace(/-+$/, '') || 'image';
  return `${stem}-${randomBytes(3).toString('hex')}`;
}

export async function acceptUpload(
  deps: { db: Db; mediaDir: string; mediaLimits?: MediaLimits },
  input: UploadInput,
): Promise<{ id: number; key: string }> {
  const limits = deps.mediaLimits ?? DEFAULT_MEDIA_LIMITS;
  if (!can(input.actor, 'media.upload')) throw forbidden('Your role cannot upload images.');
  const byteSize = 'bytes' in input ? input.bytes.length : input.tempFile.size;
  if (byteSize > limits.maxUploadBytes) throw new UploadRefused(413, `The file is larger than ${megabytes(limits.maxUploadBytes)}.`);
  if (byteSize === 0) throw new UploadRefused(400, 'The file is empty.');
  let original;
  try {
    original = await storeOriginal('bytes' in input ? input.bytes : input.tempFile.path, deps.mediaDir, limits.maxPixels);
  } catch (error) {
    if (error instanceof UnsupportedImageError) {
      throw new UploadRefused(415, `The file is not an accepted image (${error.message}). Upload a JPEG, PNG, WebP, AVIF or GIF.`);
    }
    if (error instanceof ImageTooLargeError) throw new UploadRefused(413, error.message);
    if (isNoRoom(error)) throw noRoomRefusal(error);
    throw error;
  }
  const name = path.basename(input.originalName).slice(0, 200);
  let key = keyFor(name);
  while (await mediaKeyTaken(deps.db, key)) key = keyFor(name);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const id = await insertUploadedMedia(trx, {
        key,
        fileStem: original.stem,
        ext: original.ext,
        mime: original.mime,
        width: original.width,
        height: original.height,
        sha256: original.sha256,
        alt: input.alt,
        caption: input.caption,
        credit: input.credit,
        originalName: name,
        byteSize,
        uploadedBy: input.uploadedBy,
        now: new Date().toISOString(),
      });
      await enqueueJob(trx, { kind: 'media.variants', payload: { media_id: id }, runAt: new Date(), dedupeKey: `media:variants:${id}` });
      return { id, key };
    });
  } catch (error) {
    await removeImageFiles(deps.mediaDir, { ...original, variants: [] });
    throw error;
  }
}
