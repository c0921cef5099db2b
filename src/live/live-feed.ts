import { renderLiveEntryHtml } from '../render/html/live-coverage.js';
import type { PublicationView } from '../render/html/view-model.js';
import { listLiveEntries, loadLiveState } from '../store/live/live-entry-repository.js';
import { findVisibleArticleById } from '../store/live/live-stories.js';
import type { Db } from '../store/store.js';
import { liveEntryViews } from './live-views.js';

// GET /{slug}/live.json?since=CURSOR (docs/live-coverage.md): a live story's state and the
// entries created, edited or deleted after the cursor, each with the `<li>` the page draws.
// The live-updates script and the SSE push (H2) use this shape; keep it.

export interface LiveFeed {
  story: { id: number; slug: string; live: boolean; coverageStart: string | null; coverageEnd: string | null };
  /** Entries created, edited or deleted after `since` (all when since is absent), newest first. */
  entries: Array<{
    id: number;
    html: string;
    publishedAt: string;
    updatedAt: string;
    keyEvent: boolean;
    pinned: boolean;
    deleted: boolean;
  }>;
  /** Pass back as ?since= to get only later changes. */
  cursor: string;
}

/** A cursor is the content version of the latest change a reader has: a plain count. */
export const LIVE_CURSOR_PATTERN = /^(0|[1-9][0-9]{0,14})$/;

export class BadCursorError extends Error {
  constructor(readonly since: string) {
    super(`"since" must be a cursor from an earlier live.json answer (a whole number); "${since.slice(0, 40)}" is not one.`);
  }
}

/**
 * The feed of a published story that is or was live; null for any other story. `since`
 * absent gives every current entry; a bad `since` throws BadCursorError (a 400).
 */
export async function liveFeed(
  db: Db,
  publication: PublicationView,
  storyId: number,
  since?: string,
  now = new Date().toISOString(),
): Promise<LiveFeed | null> {
  if (since !== undefined && !LIVE_CURSOR_PATTERN.test(since)) throw new BadCursorError(since);
  const story = await findVisibleArticleById(db, storyId, now);
  const state = story && (await loadLiveState(db, storyId));
  if (!story || !state?.liveStartedAt) return null;
  const after = since === undefined ? undefined : Number(since);
  const rows = await listLiveEntries(db, storyId, { changedAfter: after });
  const views = await liveEntryViews(db, rows);
  // Exactly what was sent: a change committed meanwhile comes with the next answer.
  const cursor = Math.max(after ?? 0, ...rows.map((row) => row.version));
  return {
    story: {
      id: story.id,
      slug: story.slug,
      live: state.liveEndedAt === null,
      coverageStart: state.liveStartedAt,
      coverageEnd: state.liveEndedAt,
    },
    entries: views.map(({ row, view }) => ({
      id: row.id,
      html: row.deletedAt ? '' : renderLiveEntryHtml(view, publication),
      publishedAt: row.createdAt,
      updatedAt: row.updatedAt,
      keyEvent: row.keyEvent,
      pinned: row.pinned,
      deleted: row.deletedAt !== null,
    })),
    cursor: String(cursor),
  };
}
