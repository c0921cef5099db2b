import { recordAudit } from '../audit/record-audit.js';
import type { AuditAction } from '../audit/audit-actions.js';
import { storyTarget } from '../audit/story-audit.js';
import type { DocumentNode } from '../content/document.js';
import {
  checkLiveEntryDocument,
  liveEntryDocument,
  parseLiveEntryInput,
  parseLiveEntryPatch,
  type LiveEntryInput,
  type Problems,
} from '../content/live-entry.js';
import type { Actor } from '../content/policy.js';
import { staffIdOf, storyFor, type EditorialContext } from '../editorial/editorial-context.js';
import { invalid, NewsroomError, notFound } from '../editorial/newsroom-error.js';
import { recordStoryChange } from '../editorial/reader-impact.js';
import {
  currentContentVersion,
  findLiveEntry,
  insertLiveEntry,
  liveAuthorById,
  loadLiveState,
  staffAuthorId,
  touchStoryUpdatedAt,
  updateLiveEntry,
  writeLiveState,
  type LiveEntryChange,
  type LiveState,
} from '../store/live/live-entry-repository.js';
import { loadStory, type StoryRecord } from '../store/stories/story-repository.js';
import type { Db } from '../store/store.js';

// Live coverage of a developing story (docs/live-coverage.md): start and end it, post,
// edit and delete its entries, mark them key events or pinned. Every door (the newsroom's
// composer, the content bundle's import) calls these. Each is one transaction that, when
// readers can see the story, moves its "updated" time and records the content change
// exactly as a story save does (editorial/reader-impact.ts): the page cache, the CDN purge
// and the live push all follow that change log. The story's revision is left alone, so a
// writer editing the body meanwhile meets no conflict.

export type LiveStatus = 'off' | 'live' | 'ended';

export function liveStatus(state: Pick<LiveState, 'liveStartedAt' | 'liveEndedAt'>): LiveStatus {
  if (!state.liveStartedAt) return 'off';
  return state.liveEndedAt ? 'ended' : 'live';
}

const notLive = () => new NewsroomError(409, 'NOT_LIVE', 'This story is not live: start live coverage before posting entries.');

async function liveStateOf(ctx: EditorialContext, id: number): Promise<LiveState> {
  const state = await loadLiveState(ctx.db, id);
  if (!state) throw notFound();
  return state;
}

/** Readers see the story: its changes are logged and its update time moves. */
const visible = (story: StoryRecord) => story.stage === 'published';

/** The writes readers see, then the change log, in the caller's transaction; returns the change's version. */
async function announce(ctx: EditorialContext, trx: Db, current: StoryRecord, now: string): Promise<number> {
  if (visible(current)) {
    await touchStoryUpdatedAt(trx, current.id, now);
    const saved = (await loadStory(trx, current.id))!;
    await recordStoryChange(trx, current, saved);
    await ctx.events.updated(trx, saved, now);
  }
  return currentContentVersion(trx);
}

async function audit(trx: Db, action: AuditAction, story: StoryRecord, detail: Record<string, unknown> = {}) {
  await recordAudit(trx, { action, target: storyTarget(story), detail });
}

export async function startLiveCoverage(ctx: EditorialContext, actor: Actor, id: number, at: Date): Promise<void> {
  const story = await storyFor(ctx, actor, id, 'live');
  const state = await liveStateOf(ctx, id);
  if (liveStatus(state) === 'live') throw new NewsroomError(409, 'ALREADY_LIVE', 'Live coverage of this story has already started.');
  const now = at.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    // Resuming ended coverage keeps its first start: the record reads as one stretch.
    await writeLiveState(trx, id, { liveStartedAt: state.liveStartedAt ?? now, liveEndedAt: null });
    await announce(ctx, trx, story, now);
    await audit(trx, 'live.started', story, { resumed: state.liveStartedAt !== null });
  });
}

export async function endLiveCoverage(ctx: EditorialContext, actor: Actor, id: number, at: Date): Promise<void> {
  const story = await storyFor(ctx, actor, id, 'live');
  const state = await liveStateOf(ctx, id);
  if (liveStatus(state) !== 'live') throw new NewsroomError(409, 'NOT_LIVE', 'This story is not live: there is no coverage to end.');
  const now = at.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await writeLiveState(trx, id, { liveStartedAt: state.liveStartedAt, liveEndedAt: now });
    await announce(ctx, trx, story, now);
    await audit(trx, 'live.ended', story);
  });
}

// The converter loads on first use, as for story bodies (editorial/resolve-patch.ts).
async function bodyDocument(body: LiveEntryInput['body']): Promise<DocumentNode> {
  if (typeof body !== 'string') return liveEntryDocument(body);
  const { markdownToDocument } = await import('../importers/rich-text/markdown-to-document.js');
  return markdownToDocument(body);
}

/** The entry's body as stored, or the problems that refuse it. */
async function checkedBody(body: LiveEntryInput['body']): Promise<string> {
  const doc = await bodyDocument(body);
  const problems = checkLiveEntryDocument(doc);
  if (problems.length) throw invalid(problems);
  return JSON.stringify(doc);
}

async function checkedAuthor(db: Db, authorId: number | null): Promise<number | null> {
  if (authorId === null) return null;
  if (!(await liveAuthorById(db, authorId))) throw invalid([{ field: 'author_id', message: `no author profile ${authorId}` }]);
  return authorId;
}

function parsedOrRefused<T>(result: { ok: true; value: T } | { ok: false; problems: Problems }): T {
  if (!result.ok) throw invalid(result.problems);
  return result.value;
}

/** Posts an entry to live coverage; the byline defaults to the poster's own author profile. Returns its id. */
export async function postLiveEntry(ctx: EditorialContext, actor: Actor, id: number, input: unknown, at: Date): Promise<number> {
  const story = await storyFor(ctx, actor, id, 'live');
  const entry = parsedOrRefused(parseLiveEntryInput(input));
  if (liveStatus(await liveStateOf(ctx, id)) !== 'live') throw notLive();
  const body = await checkedBody(entry.body);
  const staffId = staffIdOf(actor);
  const authorId = await checkedAuthor(
    ctx.db,
    entry.author_id !== undefined ? entry.author_id : staffId === null ? null : await staffAuthorId(ctx.db, staffId),
  );
  const now = at.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const version = await announce(ctx, trx, story, now);
    const entryId = await insertLiveEntry(trx, {
      articleId: id,
      authorId,
      staffId,
      body,
      keyEvent: entry.key_event ?? false,
      pinned: entry.pinned ?? false,
      version,
      at: now,
    });
    await audit(trx, 'live-entry.posted', story, { entry: entryId });
    return entryId;
  });
}

/**
 * Changes an entry: its body or byline (readers then see "Updated"), or only whether it
 * is a key event or pinned. Allowed after coverage has ended: the record can be corrected.
 */
export async function editLiveEntry(
  ctx: EditorialContext,
  actor: Actor,
  id: number,
  entryId: number,
  input: unknown,
  at: Date,
): Promise<void> {
  const story = await storyFor(ctx, actor, id, 'live');
  const patch = parsedOrRefused(parseLiveEntryPatch(input));
  const current = await findLiveEntry(ctx.db, id, entryId);
  if (!current || current.deletedAt) throw notFound('entry');
  const now = at.toISOString();
  const change: LiveEntryChange = {};
  if (patch.body !== undefined) change.body = await checkedBody(patch.body);
  if (patch.author_id !== undefined) change.authorId = await checkedAuthor(ctx.db, patch.author_id);
  if (patch.key_event !== undefined) change.keyEvent = patch.key_event;
  if (patch.pinned !== undefined) change.pinned = patch.pinned;
  const edited =
    (change.body !== undefined && change.body !== current.body) || (change.authorId !== undefined && change.authorId !== current.authorId);
  if (edited) change.editedAt = now;
  await writeEntryChange(ctx, story, entryId, change, now, 'live-entry.edited');
}

export async function deleteLiveEntry(ctx: EditorialContext, actor: Actor, id: number, entryId: number, at: Date): Promise<void> {
  const story = await storyFor(ctx, actor, id, 'live');
  const current = await findLiveEntry(ctx.db, id, entryId);
  if (!current || current.deletedAt) throw notFound('entry');
  const now = at.toISOString();
  await writeEntryChange(ctx, story, entryId, { deletedAt: now }, now, 'live-entry.deleted');
}

async function writeEntryChange(
  ctx: EditorialContext,
  story: StoryRecord,
  entryId: number,
  change: LiveEntryChange,
  now: string,
  action: AuditAction,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const version = await announce(ctx, trx, story, now);
    // A delete that raced this one finds the entry gone: nothing changes (the rollback
    // takes the change log's entry with it).
    if (!(await updateLiveEntry(trx, entryId, { ...change, version, at: now }))) throw notFound('entry');
    await audit(trx, action, story, { entry: entryId, ...(change.editedAt && { edited: true }) });
  });
}
