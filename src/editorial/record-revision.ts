import type { Actor } from '../content/policy.js';
import { insertRevision, latestRevision, overwriteRevision, type StoryRecord } from '../store/stories/story-repository.js';
import type { Db } from '../store/store.js';
import { staffIdOf } from './editorial-context.js';
import { snapshotOf } from './story-snapshot.js';

/**
 * Revisions from the same person within ten minutes are one revision: autosave is not
 * history. The revision keeps its first and its last save, so the history shows the range.
 */
const COALESCE_MS = 10 * 60_000;

/** Keeps the saved story as a revision, inside the save's transaction. */
export async function recordRevision(trx: Db, story: StoryRecord, actor: Actor, now: string): Promise<void> {
  const snapshot = JSON.stringify(snapshotOf(story));
  const latest = await latestRevision(trx, story.id);
  if (latest && latest.staff_id === staffIdOf(actor) && Date.parse(now) - Date.parse(latest.created_at) < COALESCE_MS) {
    await overwriteRevision(trx, latest.id, { snapshot, revision: story.revision, last_saved_at: now });
    return;
  }
  await insertRevision(trx, { articleId: story.id, revision: story.revision, snapshot, staffId: staffIdOf(actor), now });
}
