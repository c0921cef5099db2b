import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertStaffRow } from '../../../test/helpers/staff-rows.js';
import { addStory, engines, freshStore, type FreshStore } from '../../../test/helpers/store-seed.js';
import { listPresence, releasePresence, touchPresence } from './presence-repository.js';

// The soft lock's table (migration 0020) on each engine: the upsert keeps `since`, the
// freshness cutoff and the sweep, and a goodbye that names another page load.

const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, s)).toISOString();

describe.each(engines())('story presence on %s', (engine) => {
  let fresh: FreshStore;
  let story: number;
  const staff: Record<'ada' | 'bo', number> = { ada: 0, bo: 0 };

  beforeAll(async () => {
    fresh = await freshStore(engine);
    story = await addStory(fresh.db, { slug: 'harbour', publishedAt: null });
    for (const who of ['ada', 'bo'] as const) {
      const name = who === 'ada' ? 'Ada Admin' : 'Bo Editor';
      staff[who] = await insertStaffRow(fresh.db, {
        email: `${who}@example.org`,
        name,
        role: 'editor',
        password: 'a long enough passphrase',
      });
    }
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  it('records a visit once, keeps when it began, and lists only fresh others', async () => {
    await touchPresence(fresh.db, { articleId: story, staffId: staff.ada, visit: 'visit-a1', now: at(1), staleBefore: at(0) });
    await touchPresence(fresh.db, { articleId: story, staffId: staff.ada, visit: 'visit-a1', now: at(31), staleBefore: at(0) });
    await touchPresence(fresh.db, { articleId: story, staffId: staff.bo, visit: 'visit-b1', now: at(32), staleBefore: at(0) });
    expect(await listPresence(fresh.db, { articleId: story, exceptStaffId: staff.bo, freshAfter: at(2) })).toEqual([
      { staffId: staff.ada, name: 'Ada Admin', since: at(1), lastSeen: at(31) },
    ]);
    // Past the cutoff, Ada no longer counts; the next write sweeps her row.
    expect(await listPresence(fresh.db, { articleId: story, exceptStaffId: staff.bo, freshAfter: at(40) })).toEqual([]);
    await touchPresence(fresh.db, { articleId: story, staffId: staff.bo, visit: 'visit-b1', now: at(50), staleBefore: at(40) });
    const left = await fresh.db.selectFrom('story_presence').select('staff_id').execute();
    expect(left.map((r) => r.staff_id)).toEqual([staff.bo]);
  });

  it('removes a presence only for the page load that recorded it', async () => {
    await releasePresence(fresh.db, { articleId: story, staffId: staff.bo, visit: 'an-older-visit' });
    expect(await listPresence(fresh.db, { articleId: story, exceptStaffId: staff.ada, freshAfter: at(0) })).toHaveLength(1);
    await releasePresence(fresh.db, { articleId: story, staffId: staff.bo, visit: 'visit-b1' });
    expect(await listPresence(fresh.db, { articleId: story, exceptStaffId: staff.ada, freshAfter: at(0) })).toEqual([]);
  });
});
