import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../src/importers/bundle/export-bundle.js';
import { importBundle } from '../../src/importers/bundle/import-bundle.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { referenceBundle } from '../helpers/server.js';

// Live coverage (issue 13, item 7; docs/live-coverage.md) through the app in this process
// on SQLite: the newsroom's composer (CSRF, refusals that change nothing, the policy), the
// reader's page (badge, times, key events, entries, permalinks, "Updated"), the cached
// page following each entry, /{slug}/live.json (cursor, ETag, purge keys, bad cursors),
// LiveBlogPosting JSON-LD, and the feeds' update time.

const ORIGIN = 'http://127.0.0.1';
const PASSWORD = 'a long enough test password';
const SLUG = 'envoys-meet-in-geneva';
const QUIET_SLUG = 'grain-corridor-extended';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read field by field
type Json = Record<string, any>;

describe('live coverage', () => {
  let site: NewsroomSite;
  const cookies: Record<string, string> = {};
  let storyId: number;
  let authorId: number;

  const get = (url: string, who?: string, headers: Record<string, string> = {}) =>
    site.app.inject({ url, headers, ...(who && { cookies: { masthead_session: cookies[who]! } }) });
  const csrf = async (who: string) => /name="_csrf" value="([^"]+)"/.exec((await get('/admin/stories/new', who)).body)?.[1] ?? '';
  const post = async (who: string, url: string, form: Record<string, string>, token?: string) =>
    site.app.inject({
      method: 'POST',
      url,
      cookies: { masthead_session: cookies[who]! },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token ?? (await csrf(who)), ...form }).toString(),
    });
  const base = () => `/admin/stories/${storyId}/live`;
  const entries = () => site.store.db.selectFrom('live_entries').selectAll().where('article_id', '=', storyId).orderBy('id').execute();
  const story = () =>
    site.store.db
      .selectFrom('articles')
      .select(['live_started_at', 'live_ended_at', 'revision', 'updated_at'])
      .where('id', '=', storyId)
      .executeTakeFirstOrThrow();
  const feed = async (query = '', headers: Record<string, string> = {}) => {
    const answer = await get(`/${SLUG}/live.json${query}`, undefined, headers);
    return { answer, json: answer.statusCode === 200 ? answer.json<Json>() : null };
  };
  const postEntry = async (body: string, extra: Record<string, string> = {}) => {
    const answer = await post('editor', `${base()}/entries`, { body, author_id: String(authorId), ...extra });
    expect(answer.statusCode, answer.body.slice(0, 500)).toBe(303);
    return (await entries()).at(-1)!;
  };

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite', bundle: referenceBundle });
    for (const [who, role] of [
      ['editor', 'editor'],
      ['contributor', 'contributor'],
    ] as const) {
      await addStaffRow(site.store, { email: `${who}@example.org`, name: `${who} person`, role, password: PASSWORD });
      const signedIn = await site.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: `${who}@example.org`, password: PASSWORD }).toString(),
      });
      expect(signedIn.statusCode).toBe(303);
      cookies[who] = signedIn.cookies.find((c) => c.name === 'masthead_session')!.value;
    }
    storyId = (await site.store.db.selectFrom('articles').select('id').where('slug', '=', SLUG).executeTakeFirstOrThrow()).id;
    authorId = (await site.store.db.selectFrom('authors').select('id').where('slug', '=', 'jane-okafor').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => site?.close());

  it('answers 404 for a story that was never live, and refuses entries before coverage starts', async () => {
    expect((await feed()).answer.statusCode).toBe(404);
    expect((await get(`/${QUIET_SLUG}/live.json`)).statusCode).toBe(404);
    const refused = await post('editor', `${base()}/entries`, { body: 'Too early.' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('start live coverage before posting entries');
    expect(await entries()).toEqual([]);
  });

  it('starts coverage only with the session’s CSRF token, and only for those who may', async () => {
    const page = (await get(`/admin/stories/${storyId}`, 'editor')).body;
    expect(page).toContain('id="live-coverage"');
    expect(page).toContain('Start live coverage');

    const forged = await post('editor', `${base()}/start`, {}, 'not-the-token');
    expect(forged.statusCode).toBe(403);
    const stranger = await post('contributor', `${base()}/start`, {});
    expect([403, 404]).toContain(stranger.statusCode);
    expect((await story()).live_started_at).toBeNull();

    const started = await post('editor', `${base()}/start`, {});
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe(`/admin/stories/${storyId}#live-coverage`);
    expect((await story()).live_started_at).not.toBeNull();
    const audit = await site.store.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'live.started')
      .execute();
    expect(audit).toEqual([{ action: 'live.started', target_id: storyId }]);
    // Starting twice is refused and changes nothing.
    const again = await post('editor', `${base()}/start`, {});
    expect(again.statusCode).toBe(409);
  });

  it('refuses an empty or overlong entry with the reason, and stores nothing', async () => {
    const empty = await post('editor', `${base()}/entries`, { body: '   \n  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('must not be empty');
    const long = await post('editor', `${base()}/entries`, { body: 'x'.repeat(20_001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('at most 20000 characters');
    const nobody = await post('editor', `${base()}/entries`, { body: 'Fine text.', author_id: '99999' });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain('no author profile 99999');
    const forged = await post('editor', `${base()}/entries`, { body: 'Forged.' }, 'not-the-token');
    expect(forged.statusCode).toBe(403);
    expect(await entries()).toEqual([]);
  });

  it('posts entries the reader’s cached page shows at once, newest first, without moving the story’s revision', async () => {
    const before = await story();
    const firstPage = await get(`/${SLUG}`);
    expect(firstPage.statusCode).toBe(200);
    expect(firstPage.body).toContain('class="live-coverage"');
    expect(firstPage.body).toContain('<span class="live-badge">Live</span>');

    const first = await postEntry('Delegations arrive at the **Palais des Nations**.');
    const second = await postEntry('The session opens [behind closed doors](https://example.org/doors).', { key_event: 'on' });
    const after = await story();
    expect(after.revision).toBe(before.revision);
    expect(after.updated_at! > (before.updated_at ?? '')).toBe(true);

    const html = (await get(`/${SLUG}`)).body;
    expect(html).toMatch(new RegExp(`<section class="live-coverage"[^>]*data-live-feed="/${SLUG}/live.json"[^>]*data-live-cursor="\\d+"`));
    const order = [...html.matchAll(/<li id="entry-(\d+)" class="live-entry[^"]*">/g)].map((m) => Number(m[1]));
    expect(order).toEqual([second.id, first.id]);
    expect(html).toContain('<strong>Palais des Nations</strong>');
    expect(html).toContain(`href="#entry-${first.id}"`);
    expect(html).toContain('By <a href="/author/jane-okafor" rel="author">Jane Okafor</a>');
    // Key events are links at the top; times carry their zone.
    const keyEvents = /<nav class="live-key-events"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    expect(keyEvents).toContain(`href="#entry-${second.id}"`);
    expect(keyEvents).not.toContain(`href="#entry-${first.id}"`);
    expect(html).toMatch(/Coverage started <time datetime="[^"]+">[^<]*(CET|CEST|GMT\+\d|UTC)<\/time>/);
    // No live-updates script in this build's manifest: none is included.
    expect(html).not.toMatch(/<section class="live-coverage"[\s\S]*<script/);
    expect(await site.store.db.selectFrom('audit_log').select('action').where('action', '=', 'live-entry.posted').execute()).toHaveLength(
      2,
    );
  });

  it('serves live.json with a cursor, an ETag and the story’s purge keys, and refuses a bad cursor', async () => {
    const all = await feed();
    expect(all.answer.statusCode).toBe(200);
    expect(all.answer.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(String(all.answer.headers['surrogate-key']).split(' ')).toContain(`story:${storyId}`);
    const json = all.json!;
    expect(json.story).toEqual({ id: storyId, slug: SLUG, live: true, coverageStart: expect.any(String), coverageEnd: null });
    expect(json.entries).toHaveLength(2);
    expect(json.entries[0]).toEqual({
      id: expect.any(Number),
      html: expect.stringMatching(/^<li id="entry-\d+" class="live-entry live-entry-key">/),
      publishedAt: expect.any(String),
      updatedAt: expect.any(String),
      keyEvent: true,
      pinned: false,
      deleted: false,
    });
    // The same <li> the page draws.
    expect((await get(`/${SLUG}`)).body).toContain(json.entries[1].html);

    const notModified = await feed('', { 'if-none-match': String(all.answer.headers.etag) });
    expect(notModified.answer.statusCode).toBe(304);
    const nothingNew = await feed(`?since=${json.cursor}`);
    expect(nothingNew.json).toMatchObject({ entries: [], cursor: json.cursor });

    const third = await postEntry('A third update, pinned.', { pinned: 'on' });
    const later = (await feed(`?since=${json.cursor}`)).json!;
    expect(later.entries.map((e: Json) => e.id)).toEqual([third.id]);
    expect(Number(later.cursor)).toBeGreaterThan(Number(json.cursor));

    for (const bad of ['abc', '-1', '1.5', '99999999999999999999']) {
      const refused = await feed(`?since=${encodeURIComponent(bad)}`);
      expect(refused.answer.statusCode, bad).toBe(400);
      expect(refused.answer.json()).toMatchObject({ error: { code: 'BAD_CURSOR', message: expect.stringContaining('"since" must be') } });
    }
    expect((await feed('?since=1&since=2')).answer.statusCode).toBe(400);
    // Pinned first on the page.
    const order = [...(await get(`/${SLUG}`)).body.matchAll(/<li id="entry-(\d+)"/g)].map((m) => Number(m[1]));
    expect(order[0]).toBe(third.id);
  });

  it('shows an edited entry as updated and sends a deleted one as deleted, refusing unknown entries', async () => {
    const [first, second] = await entries();
    const cursor = (await feed()).json!.cursor as string;
    const edited = await post('editor', `${base()}/entries/${first!.id}`, {
      body: 'Delegations arrive, **late**.',
      author_id: String(authorId),
    });
    expect(edited.statusCode).toBe(303);
    const page = (await get(`/${SLUG}`)).body;
    const item = new RegExp(`<li id="entry-${first!.id}"[\\s\\S]*?</li>`).exec(page)?.[0] ?? '';
    expect(item).toMatch(/Updated <time datetime="[^"]+">/);
    expect(item).toContain('<strong>late</strong>');

    const removed = await post('editor', `${base()}/entries/${second!.id}/delete`, {});
    expect(removed.statusCode).toBe(303);
    expect((await get(`/${SLUG}`)).body).not.toContain(`id="entry-${second!.id}"`);
    const changes = (await feed(`?since=${cursor}`)).json!;
    expect(changes.entries.map((e: Json) => [e.id, e.deleted])).toEqual(
      expect.arrayContaining([
        [first!.id, false],
        [second!.id, true],
      ]),
    );

    // Deleting again, or an entry of another story, is a 404 that changes nothing.
    const rowsBefore = await entries();
    expect((await post('editor', `${base()}/entries/${second!.id}/delete`, {})).statusCode).toBe(404);
    expect((await post('editor', `${base()}/entries/999999`, { body: 'x' })).statusCode).toBe(404);
    expect((await post('contributor', `${base()}/entries/${first!.id}/delete`, {})).statusCode).toBeGreaterThanOrEqual(403);
    expect(await entries()).toEqual(rowsBefore);
  });

  it('describes the story as a LiveBlogPosting, and carries the latest entry’s time in the feeds', async () => {
    const html = (await get(`/${SLUG}`)).body;
    const blocks = [...html.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
    const live = blocks.find((b) => b['@type'] === 'LiveBlogPosting');
    expect(live).toMatchObject({ coverageStartTime: expect.any(String), headline: expect.any(String) });
    expect(live.coverageEndTime).toBeUndefined();
    expect(live.liveBlogUpdate).toHaveLength(2);
    expect(live.liveBlogUpdate[0]).toMatchObject({
      '@type': 'BlogPosting',
      url: expect.stringMatching(/#entry-\d+$/),
      datePublished: expect.any(String),
    });

    const updatedAt = (await story()).updated_at!;
    const jsonFeed = (await get('/feed.json')).json<Json>();
    const item = jsonFeed.items.find((i: Json) => String(i.url).endsWith(`/${SLUG}`));
    expect(item.date_modified).toBe(updatedAt);
  });

  it('ends coverage: the page stays as a record, without the badge, and posting is refused', async () => {
    const ended = await post('editor', `${base()}/end`, {});
    expect(ended.statusCode).toBe(303);
    const html = (await get(`/${SLUG}`)).body;
    expect(html).not.toContain('live-badge');
    expect(html).toMatch(/; ended <time datetime="[^"]+">/);
    expect(html).toContain('class="live-entry');
    const blocks = [...html.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
    expect(blocks.find((b) => b['@type'] === 'LiveBlogPosting')?.coverageEndTime).toEqual(expect.any(String));
    expect((await feed()).json!.story).toMatchObject({ live: false, coverageEnd: expect.any(String) });

    const count = (await entries()).length;
    expect((await post('editor', `${base()}/entries`, { body: 'After the end.' })).statusCode).toBe(409);
    expect(await entries()).toHaveLength(count);
    expect((await get(`/admin/stories/${storyId}`, 'editor')).body).toContain('Resume live coverage');
  });

  it('exports live coverage in the content bundle and imports it back unchanged; a bundle without it still imports', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'masthead-live-bundle-'));
    try {
      const { file } = await exportBundle({ db: site.store.db, dir, mediaDir: site.mediaDir });
      const bundle = JSON.parse(await readFile(file, 'utf8'));
      const exported = bundle.articles.find((a: Json) => a.slug === SLUG);
      expect(exported.live).toMatchObject({ started_at: expect.any(String), ended_at: expect.any(String) });
      expect(exported.live.entries).toHaveLength((await entries()).filter((e) => !e.deleted_at).length);
      expect(exported.live.entries[0]).toMatchObject({ author: 'jane-okafor', body: { format: 'html' }, key_event: false, pinned: false });
      expect(bundle.articles.find((a: Json) => a.slug === QUIET_SLUG).live).toBeUndefined();

      const again = await importBundle({ store: site.store, file, mediaDir: site.mediaDir });
      expect(again.ok && again.report.lines.filter((l) => l.includes(SLUG))).toEqual([]);

      // A small bundle makes another story live; one with a bad byline changes nothing.
      const small = path.join(dir, 'small.json');
      const live = {
        started_at: '2026-01-02T10:00:00Z',
        entries: [
          { at: '2026-01-02T10:05:00Z', author: 'tomas-reiner', body: { format: 'markdown', source: 'First **word**.' }, key_event: true },
          { at: '2026-01-02T10:10:00Z', body: { format: 'markdown', source: 'Second.' }, pinned: true, updated_at: '2026-01-02T10:30:00Z' },
        ],
      };
      const quiet = bundle.articles.find((a: Json) => a.slug === QUIET_SLUG);
      await writeFile(
        small,
        JSON.stringify({ articles: [{ ...quiet, live: { ...live, entries: [{ ...live.entries[0], author: 'nobody-here' }] } }] }),
      );
      const refused = await importBundle({ store: site.store, file: small, mediaDir: site.mediaDir });
      expect(refused.ok ? [] : refused.problems).toEqual([expect.stringContaining('live.entries[0].author: unknown author "nobody-here"')]);
      await writeFile(small, JSON.stringify({ articles: [{ ...quiet, live }] }));
      expect((await importBundle({ store: site.store, file: small, mediaDir: site.mediaDir })).ok).toBe(true);
      const page = (await get(`/${QUIET_SLUG}`)).body;
      expect(page).toContain('<span class="live-badge">Live</span>');
      expect(page).toContain('<strong>word</strong>');
      expect(page).toMatch(/Updated <time datetime="2026-01-02T10:30:00.000Z">/);
      expect((await importBundle({ store: site.store, file: small, mediaDir: site.mediaDir })).ok && 'ok').toBe('ok');
      const rerun = await importBundle({ store: site.store, file: small, mediaDir: site.mediaDir });
      expect(rerun.ok && rerun.report.updated).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
