import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAuthor, addMedia, addStory, engines, freshStore, type FreshStore } from '../../../test/helpers/store-seed.js';
import { contentVersion } from '../publication/content-changes.js';
import { findMediaByIds, findMediaByKey, listMedia, publicMediaByIds } from './media-lookup.js';
import {
  deleteMediaRow,
  findMediaRow,
  insertUploadedMedia,
  markMediaFailed,
  markMediaReady,
  mediaKeyTaken,
  mediaUsage,
  searchMedia,
  updateMediaText,
} from './media-repository.js';

// Every query of the media library, on each engine.
describe.each(engines())('media store on %s', (engine) => {
  let fresh: FreshStore;
  const ids = { old: 0, pct: 0, under: 0 };

  beforeAll(async () => {
    fresh = await freshStore(engine);
    ids.old = await addMedia(fresh.db, 'old-harbour', { alt: 'The old harbour', createdAt: '2026-01-01T00:00:00.000Z' });
    ids.pct = await addMedia(fresh.db, 'poll', { caption: 'Turnout 40% higher', createdAt: '2026-01-02T00:00:00.000Z' });
    ids.under = await addMedia(fresh.db, 'file_name', { alt: 'A file', createdAt: '2026-01-03T00:00:00.000Z' });
    await fresh.db
      .insertInto('publication')
      .values({
        id: 1,
        name: 'P',
        tagline: '',
        time_zone: 'UTC',
        locale: 'en-US',
        newsletter_pitch: '',
        social: '[]',
        content_version: 7,
      })
      .execute();
    // Rows default to ready; these three wait for their variants.
    await fresh.db.updateTable('media').set({ status: 'processing' }).execute();
  });
  afterAll(() => fresh?.drop());

  it('loads rows by ids in one call, repeats and unknown ids allowed', async () => {
    const rows = await findMediaByIds(fresh.db, [ids.pct, ids.old, ids.pct, 999]);
    expect(rows.map((r) => r.key).sort()).toEqual(['old-harbour', 'poll']);
    expect(await findMediaByIds(fresh.db, [])).toEqual([]);
    const pub = await publicMediaByIds(fresh.db, [ids.old]);
    expect(pub.get(ids.old)).toEqual({
      id: ids.old,
      key: 'old-harbour',
      file_stem: 'old-harbour',
      original_ext: 'jpg',
      mime: 'image/jpeg',
      width: 10,
      height: 10,
      alt: 'The old harbour',
      caption: '',
      credit: '',
      variants: '[]',
    });
    expect(await findMediaRow(fresh.db, ids.old)).toMatchObject({ key: 'old-harbour', status: 'processing' });
    expect(await findMediaByKey(fresh.db, 'poll')).toMatchObject({ id: ids.pct, caption: 'Turnout 40% higher' });
    expect(await findMediaByKey(fresh.db, 'POLL')).toBeUndefined();
  });

  it('searches text newest first, with % and _ taken literally', async () => {
    expect(await listMedia(fresh.db, { text: '%', limit: 10, offset: 0 })).toMatchObject({ rows: [{ key: 'poll' }], total: 1 });
    expect((await listMedia(fresh.db, { text: '_', limit: 10, offset: 0 })).rows.map((r) => r.key)).toEqual(['file_name']);
    expect((await searchMedia(fresh.db, { q: '%', limit: 10, offset: 0 })).rows.map((r) => r.key)).toEqual(['poll']);
    expect((await searchMedia(fresh.db, { q: 'HARBOUR', limit: 10, offset: 0 })).rows.map((r) => r.key)).toEqual(['old-harbour']);
    const page = await listMedia(fresh.db, { limit: 2, offset: 1 });
    expect([page.rows.map((r) => r.key), page.total]).toEqual([['poll', 'old-harbour'], 3]);
    expect((await searchMedia(fresh.db, { ids: [], limit: 10, offset: 0 })).total).toBe(0);
    expect((await searchMedia(fresh.db, { ids: [ids.old, ids.under], limit: 1, offset: 0 })).rows.map((r) => r.key)).toEqual(['file_name']);
  });

  it('records variants once, bumping the content version, and leaves failed rows alone', async () => {
    const before = await contentVersion(fresh.db);
    expect(await markMediaReady(fresh.db, ids.old, [{ file: 'a.jpg' }])).toBe(true);
    expect(await markMediaReady(fresh.db, ids.old, [{ file: 'b.jpg' }])).toBe(false);
    expect([before, await contentVersion(fresh.db)]).toEqual([7, 8]);
    expect(await findMediaRow(fresh.db, ids.old)).toMatchObject({ status: 'ready', variants: '[{"file":"a.jpg"}]' });
    await markMediaFailed(fresh.db, ids.old);
    expect((await findMediaRow(fresh.db, ids.old))?.status).toBe('ready');
    await markMediaFailed(fresh.db, ids.under);
    expect((await findMediaRow(fresh.db, ids.under))?.status).toBe('failed');
  });

  it('inserts an upload, edits its text, shows its usage and deletes it', async () => {
    const id = await insertUploadedMedia(fresh.db, {
      key: 'new-one',
      fileStem: 'new-one',
      ext: 'png',
      mime: 'image/png',
      width: 3,
      height: 4,
      sha256: 'x',
      alt: '',
      caption: '',
      credit: '',
      originalName: 'New.PNG',
      byteSize: 12,
      uploadedBy: null,
      now: '2026-02-01T00:00:00.000Z',
    });
    expect(await mediaKeyTaken(fresh.db, 'new-one')).toBe(true);
    expect(await mediaKeyTaken(fresh.db, 'other')).toBe(false);
    expect(await fresh.db.transaction().execute((trx) => updateMediaText(trx, id, { alt: 'Alt' }))).toBe(true);
    expect(await fresh.db.transaction().execute((trx) => updateMediaText(trx, 999, { alt: 'Alt' }))).toBe(false);
    expect(await fresh.db.transaction().execute((trx) => updateMediaText(trx, id, {}))).toBe(true);
    const storyId = await addStory(fresh.db, { slug: 'uses-it', imageId: id });
    await fresh.db.insertInto('article_media').values({ article_id: storyId, media_id: id }).execute();
    await addAuthor(fresh.db, 'pic', 'Pic', id);
    const usage = await mediaUsage(fresh.db, id);
    expect([usage.stories.map((s) => s.title), usage.authors.map((a) => a.slug)]).toEqual([['uses-it'], ['pic']]);
    expect(await findMediaRow(fresh.db, id)).toMatchObject({ alt: 'Alt', original_name: 'New.PNG', byte_size: 12 });
    expect(await fresh.db.transaction().execute((trx) => deleteMediaRow(trx, ids.pct))).toBe(true);
    expect(await fresh.db.transaction().execute((trx) => deleteMediaRow(trx, ids.pct))).toBe(false);
  });
});
