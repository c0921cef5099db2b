import type { Actor } from '../content/policy.js';
import { describeIssues, InternalNoteSchema, type NoteSchema } from '../content/story-input.js';
import { insertInternalNote, insertNote, loadStory, updateStoryRow, type StoryRecord } from '../store/stories/story-repository.js';
import { reloaded, staffIdOf, storyFor, type EditorialContext } from './editorial-context.js';
import { invalid, NewsroomError } from './newsroom-error.js';
import { recordStoryChange } from './reader-impact.js';
import type { z } from 'zod';

// Two kinds of note: a public update or correction on a published story (dated, shown on
// the page and in feeds), and an internal note the newsroom alone reads.

export async function addPublicNote(
  ctx: EditorialContext,
  actor: Actor,
  id: number,
  note: z.infer<typeof NoteSchema>,
  at: Date,
): Promise<StoryRecord> {
  const current = await storyFor(ctx, actor, id, 'addNote');
  if (!current.published_at)
    throw new NewsroomError(409, 'NOT_PUBLISHED', 'Update and correction notes are for stories that have been published.');
  const now = at.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await insertNote(trx, { articleId: id, kind: note.kind, note: note.note, at: now });
    await updateStoryRow(trx, id, current.revision, { updated_at: now }, staffIdOf(actor), now);
    const saved = (await loadStory(trx, id))!;
    await recordStoryChange(trx, current, saved);
    await ctx.events.updated(trx, saved, now);
  });
  return reloaded(ctx, id);
}

/**
 * Readers never see these, so nothing is bumped and no webhook fires. The input is read
 * after the access check: someone who may not see the story learns nothing from a 400.
 */
export async function addInternalNote(ctx: EditorialContext, actor: Actor, id: number, input: unknown, at: Date): Promise<void> {
  await storyFor(ctx, actor, id, 'annotate');
  const parsed = InternalNoteSchema.safeParse(input);
  if (!parsed.success) throw invalid(describeIssues(parsed.error));
  const note = parsed.data;
  await insertInternalNote(ctx.db, { articleId: id, staffId: actor.id, body: note.body, now: at.toISOString() });
}
