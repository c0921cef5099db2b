import type { Transaction } from 'kysely';
import type { Tables } from '../schema.js';
import type { Db } from '../store.js';

// Live coverage in the content bundle (docs/content-bundle.md, `articles[].live`): read for
// the export and for an import's "unchanged" check, written by the import's transaction.

export interface LiveEntryRecord {
  at: string;
  /** When the body or byline was last edited, or null. */
  edited_at: string | null;
  /** The byline's author slug, or null. */
  author: string | null;
  /** The stored document as JSON text. */
  body: string;
  key_event: boolean;
  pinned: boolean;
}

export interface LiveRecord {
  started_at: string;
  ended_at: string | null;
  /** Oldest first. */
  entries: LiveEntryRecord[];
}

/** Every story's live coverage, by story id (deleted entries stay out). */
export async function readLiveRecords(db: Db): Promise<Map<number, LiveRecord>> {
  const [stories, entries] = await Promise.all([
    db.selectFrom('articles').select(['id', 'live_started_at', 'live_ended_at']).where('live_started_at', 'is not', null).execute(),
    db
      .selectFrom('live_entries')
      .leftJoin('authors', 'authors.id', 'live_entries.author_id')
      .select([
        'live_entries.article_id',
        'live_entries.created_at',
        'live_entries.edited_at',
        'authors.slug as author',
        'live_entries.body',
        'live_entries.key_event',
        'live_entries.pinned',
      ])
      .where('live_entries.deleted_at', 'is', null)
      .orderBy('live_entries.article_id')
      .orderBy('live_entries.created_at')
      .orderBy('live_entries.id')
      .execute(),
  ]);
  const out = new Map<number, LiveRecord>(
    stories.map((s) => [s.id, { started_at: s.live_started_at!, ended_at: s.live_ended_at, entries: [] }]),
  );
  for (const e of entries) {
    out.get(e.article_id)?.entries.push({
      at: e.created_at,
      edited_at: e.edited_at,
      author: e.author ?? null,
      body: e.body,
      key_event: Number(e.key_event) === 1,
      pinned: Number(e.pinned) === 1,
    });
  }
  return out;
}

/**
 * Makes a story's live coverage exactly the record (null: none), inside the import's
 * transaction. Entries are replaced; their version is the content version the import is
 * about to record, so readers' pages fetch them on their next poll.
 */
export async function writeLiveRecord(trx: Transaction<Tables>, articleId: number, live: LiveRecord | null): Promise<void> {
  await trx
    .updateTable('articles')
    .set({ live_started_at: live?.started_at ?? null, live_ended_at: live?.ended_at ?? null })
    .where('id', '=', articleId)
    .execute();
  await trx.deleteFrom('live_entries').where('article_id', '=', articleId).execute();
  if (!live?.entries.length) return;
  const version =
    (await trx.selectFrom('publication').select('content_version').where('id', '=', 1).executeTakeFirst())?.content_version ?? 0;
  const slugs = [...new Set(live.entries.flatMap((e) => (e.author ? [e.author] : [])))];
  const authors = new Map(
    slugs.length
      ? (await trx.selectFrom('authors').select(['id', 'slug']).where('slug', 'in', slugs).execute()).map((a) => [a.slug, a.id])
      : [],
  );
  await trx
    .insertInto('live_entries')
    .values(
      live.entries.map((e) => ({
        article_id: articleId,
        author_id: e.author ? (authors.get(e.author) ?? null) : null,
        staff_id: null,
        body: e.body,
        key_event: e.key_event ? 1 : 0,
        pinned: e.pinned ? 1 : 0,
        version: version + 1,
        created_at: e.at,
        updated_at: e.edited_at ?? e.at,
        edited_at: e.edited_at,
        deleted_at: null,
      })),
    )
    .execute();
}
