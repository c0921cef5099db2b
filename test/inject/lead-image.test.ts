import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobContext } from '../../src/jobs/worker.js';
import { mediaVariantsHandler } from '../../src/media/media-jobs.js';
import { createApiKey } from '../../src/api/api-keys.js';
import { PASSWORD } from '../helpers/newsroom.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { referenceBundle } from '../helpers/server.js';

// A story's own caption, credit and alt text for its lead image (issue 13): the library's
// text is the default, a story that writes its own keeps it whatever the library says
// later, and a photo reused by another story does not carry the first story's text. Both
// doors (the newsroom's form, /api/admin) and every place readers see the image: the page,
// its figure, Open Graph, the feed, the content API; revisions keep it; the checklist
// judges what readers will see. One in-process app on SQLite.

const ORIGIN = 'http://127.0.0.1';
const A = 'walk-away-talks'; // lead image paris-quai
const B = 'gulf-ceasefire-deadline'; // lead image desert-road
const LIBRARY_CAPTION = 'Ministers leave the French foreign ministry in Paris on Friday.';
const LIBRARY_CREDIT = 'Claire Dumont/Pool via Meridian Photo';

describe('the lead image’s own text per story', () => {
  let site: NewsroomSite;
  let cookie = '';
  let csrf = '';
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite', bundle: referenceBundle });
    await addStaffRow(site.store, { email: 'ed@example.org', name: 'Ed Itor', role: 'editor', password: PASSWORD });
    const login = await site.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: 'ed@example.org', password: PASSWORD }).toString(),
    });
    cookie = login.cookies.find((c) => c.name === 'masthead_session')!.value;
    csrf = /name="_csrf" value="([^"]+)"/.exec((await get('/admin')).body)![1]!;
    for (const slug of [A, B])
      ids[slug] = (await site.store.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  });
  afterAll(() => site?.close());

  const get = (url: string) => site.app.inject({ url, cookies: { masthead_session: cookie } });
  const post = (url: string, fields: Record<string, string>) =>
    site.app.inject({
      method: 'POST',
      url,
      cookies: { masthead_session: cookie },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    });
  const story = async (slug: string) => (await site.api('GET', `/api/admin/articles/${ids[slug]}`)).json;
  const figure = async (slug: string) =>
    /<figure class="story-figure">[\s\S]*?<\/figure>/.exec((await site.app.inject({ url: `/${slug}` })).body)?.[0] ?? '';
  const mediaId = async (key: string) =>
    (await site.store.db.selectFrom('media').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;

  it('shows the story’s own caption, credit and alt, saved from the editor form, wherever readers see the image', async () => {
    const current = await story(A);
    const saved = await post(`/admin/stories/${ids[A]}`, {
      revision: String(current.revision),
      title: String(current.title),
      image: 'paris-quai',
      image_caption: 'Our own caption for the walk-out.',
      image_credit: 'Staff photographer',
      image_alt: 'Ministers walking out, seen from the quay',
    });
    expect(saved.statusCode, saved.body.slice(0, 400)).toBe(303);

    const shown = await figure(A);
    expect(shown).toContain('Our own caption for the walk-out.');
    expect(shown).toContain('Photo: Staff photographer');
    expect(shown).toContain('alt="Ministers walking out, seen from the quay"');
    expect(shown).not.toContain(LIBRARY_CAPTION);
    const page = (await site.app.inject({ url: `/${A}` })).body;
    expect(page).toContain('<meta property="og:image:alt" content="Ministers walking out, seen from the quay"');
    expect((await site.app.inject({ url: '/feed.xml' })).body).toContain(
      '<media:description type="plain">Ministers walking out, seen from the quay</media:description>',
    );
    const { key } = await createApiKey(site.store.db, 'reader app', 'content', new Date());
    const content = await site.app.inject({ url: `/api/content/articles/${A}`, headers: { authorization: `Bearer ${key}` } });
    expect(JSON.parse(content.body).image).toMatchObject({ caption: 'Our own caption for the walk-out.', credit: 'Staff photographer' });

    // The editor shows what was saved, and the library's text as the default it replaces.
    const editor = (await get(`/admin/stories/${ids[A]}`)).body;
    expect(editor).toContain('value="Our own caption for the walk-out."');
    expect(editor).toContain(`Leave empty to use the library's caption: “${LIBRARY_CAPTION}”.`);
  });

  it('does not carry one story’s caption to another that reuses the photo, and a library fix reaches only the stories without their own', async () => {
    const reused = await site.api('PATCH', `/api/admin/articles/${ids[B]}`, { image: 'paris-quai' });
    expect(reused.status, JSON.stringify(reused.json)).toBe(200);
    expect(await figure(B)).toContain(LIBRARY_CAPTION);
    expect(await figure(B)).not.toContain('Our own caption');

    const fixed = await post(`/admin/media/${await mediaId('paris-quai')}`, {
      alt: 'Foreign ministers on the Quai d’Orsay',
      caption: 'Ministers leave the foreign ministry on Friday (corrected).',
      credit: LIBRARY_CREDIT,
    });
    expect(fixed.statusCode, fixed.body.slice(0, 400)).toBe(303);
    expect(await figure(B)).toContain('Ministers leave the foreign ministry on Friday (corrected).');
    const a = await figure(A);
    expect(a).toContain('Our own caption for the walk-out.');
    expect(a).not.toContain('(corrected)');
  });

  it('clears the story’s own text when the API moves it to another photo without naming new text', async () => {
    const moved = await site.api('PATCH', `/api/admin/articles/${ids[A]}`, { image: 'capitol' });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ image: 'capitol', image_caption: null, image_credit: null, image_alt: null });
    expect(await figure(A)).toContain('The Capitol on Thursday morning.');
  });

  it('keeps the own text in revisions: restoring an earlier one brings it back', async () => {
    const snapshots = await site.store.db
      .selectFrom('article_revisions')
      .select(['id', 'snapshot'])
      .where('article_id', '=', ids[A]!)
      .orderBy('id')
      .execute();
    const withOwn = snapshots.find((s) => JSON.parse(s.snapshot).image_caption === 'Our own caption for the walk-out.');
    expect(withOwn, 'a revision keeps the own caption').toBeDefined();
    const restored = await post(`/admin/stories/${ids[A]}/revisions/${withOwn!.id}/restore`, {});
    expect(restored.statusCode, restored.body.slice(0, 400)).toBe(303);
    expect(await story(A)).toMatchObject({ image: 'paris-quai', image_caption: 'Our own caption for the walk-out.' });
    expect(await figure(A)).toContain('Our own caption for the walk-out.');
  });

  it('refuses text over the limit with a clear error and changes nothing', async () => {
    const before = await story(A);
    const refused = await site.api('PATCH', `/api/admin/articles/${ids[A]}`, { image_credit: 'x'.repeat(301) });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain('image_credit');
    const form = await post(`/admin/stories/${ids[A]}`, { revision: String(before.revision), image_alt: 'y'.repeat(1001) });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('image_alt');
    expect(await story(A)).toMatchObject({ revision: before.revision, image_alt: before.image_alt, image_credit: before.image_credit });
  });

  it('judges the checklist’s alt text and credit on what readers will see', async () => {
    // A library image with neither alt text nor credit; the story gives both.
    const bare = await site.api('PATCH', '/api/admin/media/okafor-portrait', { alt: '', credit: '' });
    expect(bare.status).toBe(200);
    const draft = await site.api('POST', '/api/admin/articles', { title: 'A portrait story', image: 'okafor-portrait' });
    expect(draft.status, JSON.stringify(draft.json)).toBe(201);
    const id = Number(draft.json.id);
    const checklist = async () => (await get(`/admin/stories/${id}`)).body;
    expect(await checklist()).toContain('✗ Alt text on the lead image');
    expect(await checklist()).toContain('✗ A credit on the lead image');
    const own = await site.api('PATCH', `/api/admin/articles/${id}`, { image_alt: 'Jane Okafor at her desk', image_credit: 'Desk photo' });
    expect(own.status).toBe(200);
    expect(await checklist()).toContain('✓ Alt text on the lead image');
    expect(await checklist()).toContain('✓ A credit on the lead image');
  });
  /** Uploads a small JPEG through the newsroom's form; its id. */
  const upload = async (name: string) => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#4a6' } })
      .jpeg()
      .toBuffer();
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('alt', `Alt of ${name}`);
    form.append('credit', 'Desk');
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), `${name}.jpg`);
    const request = new Request(ORIGIN, { method: 'POST', body: form });
    const answer = await site.app.inject({
      method: 'POST',
      url: '/admin/media',
      cookies: { masthead_session: cookie },
      headers: { origin: ORIGIN, 'content-type': request.headers.get('content-type')! },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    expect(answer.statusCode, answer.body.slice(0, 400)).toBe(303);
    return Number(/\/admin\/media\/(\d+)/.exec(String(answer.headers.location))![1]);
  };
  /** The files of an image in the media folder (a two-letter folder per stem's start). */
  const filesOf = async (id: number) => {
    const row = await site.store.db.selectFrom('media').select('file_stem').where('id', '=', id).executeTakeFirst();
    if (!row) return [];
    const folder = path.join(site.mediaDir, row.file_stem.slice(0, 2));
    return (await readdir(folder).catch(() => [])).filter((file) => file.startsWith(row.file_stem)).map((file) => path.join(folder, file));
  };
  const exists = (file: string) =>
    access(file).then(
      () => true,
      () => false,
    );
  const makeSizes = (id: number) =>
    mediaVariantsHandler({ db: site.store.db, mediaDir: site.mediaDir })({ media_id: id }, { attempt: 1, maxAttempts: 3 } as JobContext);

  it('answers "Making sizes…" with the status endpoint until the variants are ready, then the thumbnail', async () => {
    const id = await upload('harbour');
    const page = (await get(`/admin/media/${id}`)).body;
    expect(page).toContain(`data-media-pending="${id}"`);
    expect(page).toContain('Making sizes…');
    const status = async () => JSON.parse((await get(`/admin/media/status.json?ids=${id},abc,-1`)).body).items;
    expect(await status()).toEqual([expect.objectContaining({ id, status: 'processing', thumb: null })]);
    await makeSizes(id);
    const [ready] = await status();
    expect(ready).toMatchObject({ id, status: 'ready', alt: 'Alt of harbour' });
    expect(ready.thumb).toMatch(/^\/media\/.+\.jpg$/);
    expect((await get(`/admin/media/${id}`)).body).not.toContain('data-media-pending');
    expect((await get('/admin/media/status.json')).json()).toEqual({ items: [] });
  });

  it('deletes an unused image with every file of its variants, and audits it', async () => {
    const id = await upload('unused');
    await makeSizes(id);
    const files = await filesOf(id);
    expect(files.length).toBeGreaterThan(3); // the original and its AVIF, WebP and JPEG sizes
    expect((await get(`/admin/media/${id}`)).body).toContain('Delete this image');
    const unconfirmed = await post(`/admin/media/${id}/delete`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(await filesOf(id)).toEqual(files);

    const deleted = await post(`/admin/media/${id}/delete`, { confirm: 'yes' });
    expect(deleted.statusCode, deleted.body.slice(0, 400)).toBe(303);
    expect(await site.store.db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect((await Promise.all(files.map(exists))).filter(Boolean)).toEqual([]);
    const audit = await site.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'media.deleted').execute();
    expect(audit).toEqual([expect.objectContaining({ target_kind: 'media', target_id: id, actor_label: 'Ed Itor', door: 'newsroom' })]);
  });

  it('refuses to delete an image a page or a story body shows, saying where, and changes nothing', async () => {
    const id = await upload('in-a-page');
    await makeSizes(id);
    const files = await filesOf(id);
    const body = JSON.stringify({
      type: 'doc',
      content: [{ type: 'image', attrs: { mediaId: id, caption: null, credit: null, alt: null } }],
    });
    await site.store.db
      .insertInto('pages')
      .values({
        slug: 'about-photos',
        title: 'About our photos',
        body,
        status: 'draft',
        footer_position: null,
        parent_id: null,
        seo_description: '',
        published_at: null,
        updated_at: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const page = (await get(`/admin/media/${id}`)).body;
    expect(page).toContain('About our photos');
    expect(page).not.toContain('Delete this image');
    const refused = await post(`/admin/media/${id}/delete`, { confirm: 'yes' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This image is still used by 1 page; take it out of them first. Nothing was deleted.');
    expect(await filesOf(id)).toEqual(files);
    expect(await site.store.db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst()).toBeDefined();

    // A story's body image counts too (the lead image is in the same table).
    const story = await site.api('POST', '/api/admin/articles', { title: 'Photo essay', body: JSON.parse(body) });
    expect(story.status, JSON.stringify(story.json)).toBe(201);
    const both = await post(`/admin/media/${id}/delete`, { confirm: 'yes' });
    expect(both.body).toContain('still used by 1 story and 1 page');
    expect(await filesOf(id)).toEqual(files);
  });
});
