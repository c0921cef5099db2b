import { findOrInsertTagRow } from '../store/taxonomy/taxonomy-writes.js';
import type { Actor } from '../content/policy.js';
import { slugify } from '../content/slug.js';
import type { StoryPatch } from '../content/story-input.js';
import { replaceLinks, replaceStoryMedia, updateStoryRow } from '../store/stories/story-repository.js';
import type { Db } from '../store/store.js';
import { staffIdOf } from './editorial-context.js';
import { NewsroomError } from './newsroom-error.js';
import type { LinkTable, ResolvedPatch } from './resolve-patch.js';

// The write half of a save, inside the caller's transaction: the row (only if it is still
// at the revision the save started from), new tags, the ordered links and the media the
// story uses.

export interface PatchWrite {
  id: number;
  /** The revision the save started from; someone else's save since is a conflict. */
  revision: number;
  resolved: ResolvedPatch;
  patch: StoryPatch;
  actor: Actor;
  now: string;
}

/** Returns the story's new revision, or throws CONFLICT when someone else saved first. */
export async function writePatch(trx: Db, write: PatchWrite): Promise<number> {
  const { id, resolved } = write;
  const newRevision = await updateStoryRow(trx, id, write.revision, resolved.changes, staffIdOf(write.actor), write.now);
  if (newRevision === null) throw new NewsroomError(409, 'CONFLICT', 'Someone else saved this story first.');
  const created = await newTagIds(trx, write.patch);
  if (created.length) resolved.links.article_tags = [...new Set([...(resolved.links.article_tags ?? []), ...created])];
  for (const [table, ids] of Object.entries(resolved.links)) await replaceLinks(trx, table as LinkTable, id, ids);
  if (resolved.media)
    await replaceStoryMedia(trx, id, [...(resolved.media.imageId ? [resolved.media.imageId] : []), ...resolved.media.bodyIds]);
  return newRevision;
}

async function newTagIds(trx: Db, patch: StoryPatch): Promise<number[]> {
  const ids: number[] = [];
  for (const tag of patch.new_tags ?? []) {
    const slug = slugify(tag.name);
    if (!slug) continue;
    ids.push(await findOrInsertTagRow(trx, { slug, name: tag.name, kind: tag.kind }));
  }
  return ids;
}
