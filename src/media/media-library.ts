import { recordAudit } from '../audit/record-audit.js';
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

type Usage = Awaited<ReturnType<typeof mediaUsage>>;

/** "2 stories and 1 page", or null when nothing uses the image. */
export function describeUsage(usage: Usage): string | null {
  const count = (n: number, one: string, many: string) => (n ? [`${n} ${n === 1 ? one : many}`] : []);
  const parts = [
    ...count(usage.stories.length, 'story', 'stories'),
    ...count(usage.authors.length, 'author portrait', 'author portraits'),
    ...count(usage.pages.length, 'page', 'pages'),
    ...count(usage.issues.length, 'newsletter issue', 'newsletter issues'),
  ];
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

/**
 * Only an image nothing uses (no story's lead or body, author portrait, page or sent
 * newsletter issue); its files, every variant, go once the row is gone. The delete is
 * audited in its transaction.
 */
export async function deleteMedia(ctx: MediaContext, actor: Actor, id: number): Promise<void> {
  if (!can(actor, 'media.delete')) throw forbidden('Your role cannot delete images.');
  const row = await ctx.db.transaction().execute(async (trx) => {
    const found = await findMediaRow(trx, id);
    if (!found) throw notFound('image');
    const usage = await mediaUsage(trx, id);
    const used = describeUsage(usage);
    if (used) {
      throw new NewsroomError(409, 'IN_USE', `This image is still used by ${used}; take it out of them first. Nothing was deleted.`, {
        stories: usage.stories.length,
        authors: usage.authors.length,
        pages: usage.pages.length,
        issues: usage.issues.length,
      });
    }
    await deleteMediaRow(trx, id);
    await recordSiteChange(trx);
    await recordAudit(trx, {
      action: 'media.deleted',
      target: { kind: 'media', id, label: found.key },
      detail: { file: found.original_name, variants: (JSON.parse(found.variants) as unknown[]).length },
    });
    return found;
  });
  await removeImageFiles(ctx.mediaDir, { stem: row.file_stem, ext: row.original_ext, variants: JSON.parse(row.variants) as Variant[] });
}
