import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storyEventSink, unpublishJobKey } from '../../src/editorial/story-events.js';
import { storyJobHandlers } from '../../src/editorial/story-jobs.js';
import { jobByKey } from '../../src/store/jobs/job-repository.js';
import { startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { engines, referenceBundle } from '../helpers/server.js';

// Unpublishing, by hand and at a story's `unpublish_at` (the `article.unpublish` job):
// the story leaves the site, its listings and its feed, and the job takes it down once,
// not before its time, and not at all when the time was cleared.

describe.each(engines())('unpublishing on %s', (engine) => {
  let site: NewsroomSite;

  beforeAll(async () => {
    site = await startNewsroomSite({ engine, bundle: referenceBundle });
  });
  afterAll(() => site?.close());

  const status = async (url: string) => (await site.app.inject({ url })).statusCode;
  const idOf = async (slug: string) =>
    (await site.store.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const onSite = async (slug: string) => {
    const [page, latest, feed] = await Promise.all(['/' + slug, '/latest', '/feed.xml'].map((url) => site.app.inject({ url })));
    return { page: page!.statusCode, inLatest: latest!.body.includes(`href="/${slug}"`), inFeed: feed!.body.includes(`/${slug}<`) };
  };
  const soon = (ms: number) => new Date(Date.now() + ms).toISOString();

  it('takes a story off its page, /latest and the feed when an editor unpublishes it, and cancels its timed take-down', async () => {
    const slug = 'walk-away-talks';
    const id = await idOf(slug);
    expect(await onSite(slug)).toEqual({ page: 200, inLatest: true, inFeed: true });
    expect((await site.api('PATCH', `/api/admin/articles/${id}`, { unpublish_at: soon(3_600_000) })).status).toBe(200);
    expect((await jobByKey(site.store.db, unpublishJobKey(id)))?.state).toBe('queued');

    const moved = await site.api('POST', `/api/admin/articles/${id}/moves`, { move: 'unpublish' });

    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    expect(moved.json).toMatchObject({ stage: 'unpublished', status: 'draft' });
    expect(await onSite(slug)).toEqual({ page: 404, inLatest: false, inFeed: false });
    expect((await jobByKey(site.store.db, unpublishJobKey(id)))?.state).toBe('cancelled');
    // Unpublished is not deleted: the newsroom still has it, and it can go live again.
    expect((await site.api('POST', `/api/admin/articles/${id}/moves`, { move: 'publish' })).status).toBe(200);
    expect(await status(`/${slug}`)).toBe(200);
  });

  it('refuses to unpublish a story that is not live', async () => {
    const created = await site.api('POST', '/api/admin/articles', {
      title: 'A draft nobody has read',
      format: 'reporting',
      sections: ['europe'],
      body: { format: 'markdown', source: 'Words.' },
    });
    expect(created.status).toBe(201);
    const moved = await site.api('POST', `/api/admin/articles/${created.json.id as number}/moves`, { move: 'unpublish' });
    expect(moved.status).toBe(409);
    expect(moved.json).toMatchObject({ error: { code: 'INVALID_MOVE' } });
  });

  it('takes a story down at its unpublish_at through the article.unpublish job, not before', async () => {
    const slug = (
      await site.store.db
        .selectFrom('articles')
        .select('slug')
        .where('stage', '=', 'published')
        .where('slug', '!=', 'walk-away-talks')
        .orderBy('published_at', 'desc')
        .executeTakeFirstOrThrow()
    ).slug;
    const id = await idOf(slug);
    const unpublishAt = soon(1_500);
    const patched = await site.api('PATCH', `/api/admin/articles/${id}`, { unpublish_at: unpublishAt });
    expect(patched.status, JSON.stringify(patched.json)).toBe(200);
    const job = await jobByKey(site.store.db, unpublishJobKey(id));
    expect(job).toMatchObject({ kind: 'article.unpublish', state: 'queued', run_at: unpublishAt });
    expect(JSON.parse(job!.payload)).toEqual({ article_id: id, at: unpublishAt });
    expect((await onSite(slug)).page).toBe(200);

    await site.runStoryJobsUntil(async () => (await status(`/${slug}`)) === 404, `${slug} to come down`);

    expect(await onSite(slug)).toEqual({ page: 404, inLatest: false, inFeed: false });
    const row = await site.store.db
      .selectFrom('articles')
      .select(['stage', 'status', 'unpublish_at', 'modified_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ stage: 'unpublished', status: 'draft', unpublish_at: null });
    // The job ran at or after its minute: the take-down is stamped no earlier.
    expect(row.modified_at! >= unpublishAt, `${row.modified_at} ≥ ${unpublishAt}`).toBe(true);
    expect((await jobByKey(site.store.db, unpublishJobKey(id)))?.state).toBe('done');

    // Run again, as a crashed worker's retry would: the take-down already happened, so
    // nothing changes (no new revision, no second "unpublished" event).
    const before = await site.store.db
      .selectFrom('articles')
      .select(['revision', 'stage', 'modified_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await storyJobHandlers({ db: site.store.db, events: storyEventSink('http://127.0.0.1'), dialect: site.store.dialect })[
      'article.unpublish'
    ]({ article_id: id, at: unpublishAt }, undefined as never);
    expect(
      await site.store.db
        .selectFrom('articles')
        .select(['revision', 'stage', 'modified_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
  });

  it('leaves a story up when its unpublish time is cleared, while another due at the same time comes down', async () => {
    const [kept, control] = await site.store.db
      .selectFrom('articles')
      .select(['id', 'slug'])
      .where('stage', '=', 'published')
      .orderBy('published_at', 'asc')
      .limit(2)
      .execute();
    const at = soon(1_000);
    for (const story of [kept!, control!])
      expect((await site.api('PATCH', `/api/admin/articles/${story.id}`, { unpublish_at: at })).status).toBe(200);
    const cleared = await site.api('PATCH', `/api/admin/articles/${kept!.id}`, { unpublish_at: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json).toMatchObject({ unpublish_at: null });
    expect((await jobByKey(site.store.db, unpublishJobKey(kept!.id)))?.state).toBe('cancelled');

    // The control story's job is due at the same moment: once it has run, the worker has
    // been past that moment, and a take-down still booked for the other would have run too.
    await site.runStoryJobsUntil(async () => (await status(`/${control!.slug}`)) === 404, `${control!.slug} to come down`);

    expect(await status(`/${kept!.slug}`)).toBe(200);
    expect((await site.api('GET', `/api/admin/articles/${kept!.id}`)).json).toMatchObject({ stage: 'published', unpublish_at: null });
  });
});
