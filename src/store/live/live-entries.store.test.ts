import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAuthor, addStory, engines, freshStore, type FreshStore } from '../../../test/helpers/store-seed.js';
import {
  insertLiveEntry,
  latestEntryVersion,
  listLiveEntries,
  loadLiveState,
  updateLiveEntry,
  writeLiveState,
} from './live-entry-repository.js';
import { readLiveRecords, writeLiveRecord } from './live-bundle.js';

// Where the engines could differ: integer flags read back as booleans, max() over an empty
// set, counts of updated rows, and "changed after a version" including deleted entries.

describe.each(engines())('live entries on %s', (engine) => {
  let fresh: FreshStore;
  let storyId: number;
  let authorId: number;

  beforeAll(async () => {
    fresh = await freshStore(engine);
    storyId = await addStory(fresh.db, { slug: 'developing' });
    authorId = await addAuthor(fresh.db, 'reporter', 'A Reporter');
  });
  afterAll(() => fresh?.drop());

  it('keeps a story’s live state and its entries, newest first, and the changes after a version', async () => {
    expect(await latestEntryVersion(fresh.db, storyId)).toBe(0);
    await writeLiveState(fresh.db, storyId, { liveStartedAt: '2026-01-01T10:00:00.000Z', liveEndedAt: null });
    expect(await loadLiveState(fresh.db, storyId)).toMatchObject({ liveStartedAt: '2026-01-01T10:00:00.000Z', liveEndedAt: null });

    const entry = (at: string, version: number, flags = {}) =>
      insertLiveEntry(fresh.db, {
        articleId: storyId,
        authorId,
        staffId: null,
        body: '{"type":"doc","content":[]}',
        keyEvent: false,
        pinned: false,
        version,
        at,
        ...flags,
      });
    const first = await entry('2026-01-01T10:01:00.000Z', 3, { keyEvent: true });
    const second = await entry('2026-01-01T10:02:00.000Z', 4, { pinned: true });
    expect(await latestEntryVersion(fresh.db, storyId)).toBe(4);

    const listed = await listLiveEntries(fresh.db, storyId);
    expect(listed.map((e) => [e.id, e.keyEvent, e.pinned, e.authorName])).toEqual([
      [second, false, true, 'A Reporter'],
      [first, true, false, 'A Reporter'],
    ]);

    expect(
      await updateLiveEntry(fresh.db, first, { deletedAt: '2026-01-01T10:05:00.000Z', version: 5, at: '2026-01-01T10:05:00.000Z' }),
    ).toBe(true);
    // A deleted entry cannot be changed again, and leaves the page's list…
    expect(await updateLiveEntry(fresh.db, first, { pinned: true, version: 6, at: '2026-01-01T10:06:00.000Z' })).toBe(false);
    expect((await listLiveEntries(fresh.db, storyId)).map((e) => e.id)).toEqual([second]);
    // …but not the changes a reader's page has yet to learn of.
    const changed = await listLiveEntries(fresh.db, storyId, { changedAfter: 4 });
    expect(changed.map((e) => [e.id, e.deletedAt])).toEqual([[first, '2026-01-01T10:05:00.000Z']]);
    expect(await listLiveEntries(fresh.db, storyId, { changedAfter: 5 })).toEqual([]);
  });

  it('replaces a story’s coverage from a content bundle and reads it back the same', async () => {
    const record = {
      started_at: '2026-02-01T08:00:00.000Z',
      ended_at: '2026-02-01T20:00:00.000Z',
      entries: [
        {
          at: '2026-02-01T08:05:00.000Z',
          edited_at: null,
          author: 'reporter',
          body: '{"type":"doc","content":[]}',
          key_event: true,
          pinned: false,
        },
        {
          at: '2026-02-01T09:00:00.000Z',
          edited_at: '2026-02-01T09:30:00.000Z',
          author: null,
          body: '{"type":"doc","content":[]}',
          key_event: false,
          pinned: true,
        },
      ],
    };
    await fresh.db.transaction().execute((trx) => writeLiveRecord(trx, storyId, record));
    expect((await readLiveRecords(fresh.db)).get(storyId)).toEqual(record);
    await fresh.db.transaction().execute((trx) => writeLiveRecord(trx, storyId, null));
    expect((await readLiveRecords(fresh.db)).has(storyId)).toBe(false);
    expect(await listLiveEntries(fresh.db, storyId, { changedAfter: 0 })).toEqual([]);
  });
});
