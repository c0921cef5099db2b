import { z } from 'zod';
import { PermanentJobError, type JobContext, type JobHandler } from '../jobs/worker.js';
import { findMediaRow, markMediaFailed, markMediaReady } from '../store/media/media-repository.js';
import type { Db } from '../store/store.js';
import { makeVariants } from './image-variants.js';

// The `media.variants` job: an upload is answered as soon as its original is stored;
// the AVIF/WebP/JPEG set is made here, off the request, and the row turns `ready`.

const Payload = z.object({ media_id: z.number().int().positive() }).strict();

export function mediaVariantsHandler(deps: { db: Db; mediaDir: string }): JobHandler {
  return async (payload: unknown, context: JobContext) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) throw new PermanentJobError('bad media.variants payload');
    const row = await findMediaRow(deps.db, parsed.data.media_id);
    if (!row || row.status !== 'processing') return;
    try {
      const variants = await makeVariants(deps.mediaDir, {
        stem: row.file_stem,
        ext: row.original_ext,
        mime: row.mime,
        width: row.width,
        height: row.height,
        sha256: row.sha256,
      });
      await markMediaReady(deps.db, row.id, variants);
    } catch (error) {
      if (context.attempt >= context.maxAttempts) await markMediaFailed(deps.db, row.id);
      throw error;
    }
  };
}
