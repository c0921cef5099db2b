import type { MediaInput } from '../content/media-input.js';
import { can, canEditMedia, type Actor } from '../content/policy.js';
import { forbidden, NewsroomError, notFound } from '../editorial/newsroom-error.js';
import { recordSiteChange } from '../store/publication/content-version.js';
import { deleteMediaRow, findMediaRow, mediaUsage, updateMediaText } from '../store/media/media-repository.js';
import type { Db } from '../store/store.js';
import { removeImageFiles, type Variant } from './image-variants.js';

// The one writer of a library image's text and of its deletion, for the newsroom and
// /api/admin alike (uploads are media-upload.ts). Input is parsed by
// content/media-input.ts; each write is one transaction that bumps the content version,
// since alt text, caption and credit show wherever the image does.

export interface MediaContext {
  db: Db;
  mediaDir: string;
}

export async function updateMediaFields(ctx: MediaContext, actor: Actor, id: number, changes: Partial<MediaInput>): Promise<void> {
  const row = await findMediaRow(ctx.db, id);
  if (!row) throw notFound('image');
  if (!canEditMedia(actor, { uploadedBy: row.uploaded_by })) throw forbidden('Your role cannot change this image.');
  const updated = await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateMediaText(trx, id, changes))) return false;
    if (Object.keys(changes).length) await recordSiteChange(trx);
    return true;
  });
  if (!updated) throw notFound('image');
}

/** Only an image no story or author profile shows; its files go once the row is gone. */
export async function deleteMedia(ctx: MediaContext, actor: Actor, id: number): Promise<void> {
  if (!can(actor, 'media.delete')) throw forbidden('Your role cannot delete images.');
  const row = await ctx.db.transaction().execute(async (trx) => {
    const found = await findMediaRow(trx, id);
    if (!found) throw notFound('image');
    const usage = await mediaUsage(trx, id);
    if (usage.stories.length || usage.authors.length) {
      throw new NewsroomError(409, 'IN_USE', 'It is still used; remove it from those stories first. Nothing was deleted.', {
        uses: usage.stories.length + usage.authors.length,
      });
    }
    await deleteMediaRow(trx, id);
    await recordSiteChange(trx);
    return found;
  });
  await removeImageFiles(ctx.mediaDir, { stem: row.file_stem, ext: row.original_ext, variants: JSON.parse(row.variants) as Variant[] });
}
