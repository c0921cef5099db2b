import type { Db } from '../store.js';

// Live coverage's rows (migration 0015): a story's live state and its entries. The writes
// run inside the domain service's transaction (src/live/live-coverage.ts), which also
// records the content change; `version` is that change's content version, read back in
// the same transaction, so the live feed's cursor follows commit order.

export interface LiveState {
  id: number;
  slug: string;
  liveStartedAt: string | null;
  liveEndedAt: string | null;
}

export interface LiveEntryRow {
  id: number;
  articleId: number;
  authorId: number | null;
  authorSlug: string | null;
  authorName: string | null;
  staffId: number | null;
  staffName: string | null;
  body: string;
  keyEvent: boolean;
  pinned: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export async function loadLiveState(db: Db, articleId: number): Promise<LiveState | undefined> {
  const row = await db
    .selectFrom('articles')
    .select(['id', 'slug', 'live_started_at', 'live_ended_at'])
    .where('id', '=', articleId)
    .executeTakeFirst();
  return row && { id: row.id, slug: row.slug, liveStartedAt: row.live_started_at, liveEndedAt: row.live_ended_at };
}

/** Sets the story's coverage times and its reader-facing update time; the revision is left alone. */
export async function writeLiveState(
  trx: Db,
  articleId: number,
  state: { liveStartedAt: string | null; liveEndedAt: string | null; updatedAt?: string },
): Promise<void> {
  await trx
    .updateTable('articles')
    .set({
      live_started_at: state.liveStartedAt,
      live_ended_at: state.liveEndedAt,
      ...(state.updatedAt && { updated_at: state.updatedAt }),
    })
    .where('id', '=', articleId)
    .execute();
}

/**
 * An entry moves the story's "updated" time (feeds, sitemaps, JSON-LD) without bumping its
 * revision: a writer editing the story's body meanwhile must not meet a conflict.
 */
export async function touchStoryUpdatedAt(trx: Db, articleId: number, at: string): Promise<void> {
  await trx.updateTable('articles').set({ updated_at: at }).where('id', '=', articleId).execute();
}

/** The content version the current transaction's change bumped to (or the current one). */
export async function currentContentVersion(trx: Db): Promise<number> {
  const row = await trx.selectFrom('publication').select('content_version').where('id', '=', 1).executeTakeFirst();
  return row?.content_version ?? 0;
}

export interface NewLiveEntry {
  articleId: number;
  authorId: number | null;
  staffId: number | null;
  body: string;
  keyEvent: boolean;
  pinned: boolean;
  version: number;
  at: string;
}

export async function insertLiveEntry(trx: Db, entry: NewLiveEntry): Promise<number> {
  const row = await trx
    .insertInto('live_entries')
    .values({
      article_id: entry.articleId,
      author_id: entry.authorId,
      staff_id: entry.staffId,
      body: entry.body,
      key_event: entry.keyEvent ? 1 : 0,
      pinned: entry.pinned ? 1 : 0,
      version: entry.version,
      created_at: entry.at,
      updated_at: entry.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface LiveEntryChange {
  body?: string;
  authorId?: number | null;
  keyEvent?: boolean;
  pinned?: boolean;
  /** Set for body or byline edits, which readers see as "Updated". */
  editedAt?: string;
  deletedAt?: string;
}

/** Changes a live (not deleted) entry; false when there is none. */
export async function updateLiveEntry(trx: Db, id: number, change: LiveEntryChange & { version: number; at: string }): Promise<boolean> {
  const result = await trx
    .updateTable('live_entries')
    .set({
      ...(change.body !== undefined && { body: change.body }),
      ...(change.authorId !== undefined && { author_id: change.authorId }),
      ...(change.keyEvent !== undefined && { key_event: change.keyEvent ? 1 : 0 }),
      ...(change.pinned !== undefined && { pinned: change.pinned ? 1 : 0 }),
      ...(change.editedAt !== undefined && { edited_at: change.editedAt }),
      ...(change.deletedAt !== undefined && { deleted_at: change.deletedAt }),
      version: change.version,
      updated_at: change.at,
    })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

function entriesQuery(db: Db) {
  return db
    .selectFrom('live_entries')
    .leftJoin('authors', 'authors.id', 'live_entries.author_id')
    .leftJoin('staff', 'staff.id', 'live_entries.staff_id')
    .select([
      'live_entries.id',
      'live_entries.article_id',
      'live_entries.author_id',
      'authors.slug as author_slug',
      'authors.name as author_name',
      'live_entries.staff_id',
      'staff.name as staff_name',
      'live_entries.body',
      'live_entries.key_event',
      'live_entries.pinned',
      'live_entries.version',
      'live_entries.created_at',
      'live_entries.updated_at',
      'live_entries.edited_at',
      'live_entries.deleted_at',
    ]);
}

type EntryRecord = Awaited<ReturnType<ReturnType<typeof entriesQuery>['execute']>>[number];

const entryRow = (r: EntryRecord): LiveEntryRow => ({
  id: Number(r.id),
  articleId: r.article_id,
  authorId: r.author_id,
  authorSlug: r.author_slug,
  authorName: r.author_name,
  staffId: r.staff_id,
  staffName: r.staff_name,
  body: r.body,
  keyEvent: Number(r.key_event) === 1,
  pinned: Number(r.pinned) === 1,
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
});

export async function findLiveEntry(db: Db, articleId: number, id: number): Promise<LiveEntryRow | undefined> {
  const row = await entriesQuery(db).where('live_entries.id', '=', id).where('live_entries.article_id', '=', articleId).executeTakeFirst();
  return row && entryRow(row);
}

/**
 * A story's entries newest first: the current ones for its page, or every entry changed
 * after a content version (deleted ones included, so a reader's page can drop them).
 */
export async function listLiveEntries(db: Db, articleId: number, options: { changedAfter?: number } = {}): Promise<LiveEntryRow[]> {
  let query = entriesQuery(db).where('live_entries.article_id', '=', articleId);
  query =
    options.changedAfter === undefined
      ? query.where('live_entries.deleted_at', 'is', null)
      : query.where('live_entries.version', '>', options.changedAfter);
  const rows = await query.orderBy('live_entries.created_at', 'desc').orderBy('live_entries.id', 'desc').execute();
  return rows.map(entryRow);
}

/** The latest change among a story's entries (deleted ones included): the feed's cursor. */
export async function latestEntryVersion(db: Db, articleId: number): Promise<number> {
  const row = await db
    .selectFrom('live_entries')
    .select((eb) => eb.fn.max('version').as('latest'))
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}

/** The entries of many stories (the content bundle's export), oldest first. */
export async function allLiveEntries(db: Db): Promise<LiveEntryRow[]> {
  const rows = await entriesQuery(db)
    .where('live_entries.deleted_at', 'is', null)
    .orderBy('live_entries.article_id')
    .orderBy('live_entries.created_at')
    .orderBy('live_entries.id')
    .execute();
  return rows.map(entryRow);
}

/** An author profile by id, to check a byline picked in the composer. */
export async function liveAuthorById(db: Db, id: number): Promise<{ id: number; name: string } | undefined> {
  return db.selectFrom('authors').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function liveAuthorOptions(db: Db): Promise<Array<{ id: number; name: string }>> {
  return db.selectFrom('authors').select(['id', 'name']).orderBy('name').execute();
}

/** The author profile that carries a staff member's byline, if any: an entry's default byline. */
export async function staffAuthorId(db: Db, staffId: number): Promise<number | null> {
  const row = await db.selectFrom('staff').select('author_id').where('id', '=', staffId).executeTakeFirst();
  return row?.author_id ?? null;
}
