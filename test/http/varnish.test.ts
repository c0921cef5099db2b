import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, postForm, signIn, type StaffSession } from '../helpers/newsroom.js';
import { engines, freePort, referenceBundle, startAnotherProcess, startMasthead, type Masthead } from '../helpers/server.js';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { findPublishedId } from '../../src/store/stories/published-stories.js';
import { openStore } from '../../src/store/store.js';
import { openEventStream } from '../helpers/event-stream.js';
import { startVarnish, type Varnish } from '../helpers/varnish.js';
import { waitUntil } from '../helpers/wait-until.js';

// The real server behind Debian's varnishd running the shipped VCL
// (deploy/varnish/default.vcl), with VARNISH_PURGE_URL pointing at it, on each engine.
// Stories change through /api/admin; readers read through Varnish. A cached page is
// proved cached first (X-Cache: HIT), so "it changed within a second" can only be the
// purge: the page's Surrogate-Key headers, the change log, the `cdn.purge` job and the
// VCL's ban, end to end.

/** The freshness promise of issue 11: a change is visible behind the CDN within a second. */
const FRESH_WITHIN_MS = 1_000;

const STORY = {
  title: 'Ferry strike ends in Piraeus',
  dek: 'Crews return after a nine-day stoppage.',
  format: 'reporting',
  sections: ['europe'],
  tags: ['peace-talks'],
  authors: ['jane-okafor'],
  image: 'paris-quai',
  body: { format: 'markdown', source: 'The ferries **sailed** again on Monday.' },
  excerpt: 'The strike is over.',
};

describe.each(engines())('Masthead behind Varnish on %s', (engine) => {
  let masthead: Masthead;
  let varnish: Varnish;
  let adminKey: string;
  let editor: StaffSession;

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${masthead.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
  const viaVarnish = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${varnish.url}${path}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    return {
      status: response.status,
      cache: response.headers.get('x-cache'),
      xVarnish: response.headers.get('x-varnish'),
      body: await response.text(),
    };
  };
  /** Reads the page twice through Varnish: the second read must be a hit, or nothing below would prove a purge. */
  const cachedInVarnish = async (path: string) => {
    await viaVarnish(path);
    const again = await viaVarnish(path);
    expect(again.cache, `${path} should be cached by Varnish`).toBe('HIT');
    return again;
  };
  const changesWithin = (path: string, changed: (page: Awaited<ReturnType<typeof viaVarnish>>) => boolean, what: string) =>
    waitUntil(async () => changed(await viaVarnish(path)), FRESH_WITHIN_MS, `${what} through Varnish`);

  beforeAll(async () => {
    // Varnish's port first, so the server starts knowing where to send purges.
    const varnishPort = await freePort();
    masthead = await startMasthead({ engine, bundle: referenceBundle, env: { VARNISH_PURGE_URL: `http://127.0.0.1:${varnishPort}/` } });
    varnish = await startVarnish({ backendPort: Number(new URL(masthead.url).port), port: varnishPort });
    const created = await masthead.cli(['apikey', 'create', '--name', 'varnish test', '--scope', 'admin']);
    expect(created.code, created.stderr).toBe(0);
    adminKey = created.stdout.trim();
    await addStaff(masthead, { email: 'editor@example.org', name: 'Eda Editor', role: 'editor' });
    editor = await signIn(masthead.url, 'editor@example.org');
  });
  afterAll(async () => {
    await varnish?.stop();
    await masthead?.stop();
  });

  it('shows a publish, a correction and an unpublish behind Varnish within a second', async () => {
    const created = await api('POST', '/api/admin/articles', STORY);
    expect(created.status, created.text).toBe(201);
    const id = created.json!.id as number;
    const path = `/${created.json!.slug as string}`;

    // The front page and the not-yet-published address, both cached before the publish.
    expect((await cachedInVarnish('/')).body).not.toContain(STORY.title);
    const published = await api('POST', `/api/admin/articles/${id}/moves`, { move: 'publish' });
    expect(published.status, published.text).toBe(200);
    await changesWithin('/', (page) => page.body.includes(STORY.title), 'the published story on the front page');
    await changesWithin(path, (page) => page.status === 200 && page.body.includes(STORY.title), 'the published story');

    const before = await cachedInVarnish(path);
    expect(before.body).toContain(STORY.title);
    const read = await api('GET', `/api/admin/articles/${id}`);
    const corrected = await api('PATCH', `/api/admin/articles/${id}`, {
      title: 'Ferry strike ends in Piraeus harbour',
      revision: read.json!.revision,
    });
    expect(corrected.status, corrected.text).toBe(200);
    await changesWithin(path, (page) => page.body.includes('Ferry strike ends in Piraeus harbour'), 'the corrected headline');

    await cachedInVarnish(path);
    const noted = await api('POST', `/api/admin/articles/${id}/notes`, {
      kind: 'correction',
      note: 'An earlier version named the wrong port.',
    });
    expect(noted.status, noted.text).toBe(201);
    await changesWithin(path, (page) => page.body.includes('An earlier version named the wrong port.'), 'the correction note');

    await cachedInVarnish(path);
    await cachedInVarnish('/');
    const unpublished = await api('POST', `/api/admin/articles/${id}/moves`, { move: 'unpublish' });
    expect(unpublished.status, unpublished.text).toBe(200);
    await changesWithin(path, (page) => page.status === 404, 'the unpublished story gone');
    await changesWithin('/', (page) => !page.body.includes('Ferry strike ends in Piraeus'), 'the front page without the story');
  });

  it('never caches a private preview: every read reaches the app', async () => {
    const created = await api('POST', '/api/admin/articles', { ...STORY, title: 'A draft only lawyers may read' });
    expect(created.status, created.text).toBe(201);
    const made = await editor.post(`/admin/stories/${created.json!.id as number}/preview`, {});
    const link = /href="https?:\/\/[^/"]+(\/admin\/preview\/[\w-]+)"/.exec(made.body)?.[1];
    expect(link, made.body.slice(0, 500)).toBeTruthy();
    const reads = [await viaVarnish(link!), await viaVarnish(link!), await viaVarnish(link!)];
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(read.body).toContain('A draft only lawyers may read');
      expect(read.cache).toBe('PASS');
      // One transaction id means Varnish fetched it for this request; a hit names two.
      expect(read.xVarnish).toMatch(/^\d+$/);
    }
  });

  it('passes a reader page to the app for a signed-in editor, and lets the sign-in itself through', async () => {
    await cachedInVarnish('/');
    const signedIn = await viaVarnish('/', { cookie: editor.cookie });
    expect(signedIn.status).toBe(200);
    expect(signedIn.cache).toBe('PASS');
    const newsroom = await viaVarnish('/admin', { cookie: editor.cookie });
    expect(newsroom.status).toBe(200);
    expect(newsroom.cache).toBe('PASS');

    // Signing in through Varnish: the answer that sets the session cookie reaches the reader, uncached.
    const answer = await postForm(
      varnish.url,
      '/admin/login',
      { email: 'editor@example.org', password: 'a long enough passphrase' },
      { origin: masthead.url },
    );
    expect(answer.status, answer.body.slice(0, 300)).toBe(303);
    expect(answer.headers.get('set-cookie')).toMatch(/^masthead_session=/);
    expect(answer.headers.get('x-cache')).toBe('PASS');
  });

  it('passes a live stream through unbuffered, purges live.json on a new entry, and fans the entry out to another process', async () => {
    const slug = 'grain-corridor-extended';
    const store = await openStore(parseDatabaseUrl(masthead.env.DATABASE_URL!));
    const id = (await findPublishedId(store.db, slug, new Date().toISOString()).finally(() => store.close()))!;
    expect((await editor.post(`/admin/stories/${id}/live/start`, {})).status).toBe(303);
    const feedPath = `/${slug}/live.json`;
    const before = JSON.parse((await cachedInVarnish(feedPath)).body) as { cursor: string };
    const other = await startAnotherProcess(masthead);
    try {
      const streams = [
        await openEventStream(`${varnish.url}/${slug}/live/stream?since=${before.cursor}`),
        await openEventStream(`${other.url}/${slug}/live/stream?since=${before.cursor}`),
      ];
      expect(streams[0]!.headers['x-cache']).toBe('PASS');
      expect(streams.map((stream) => stream.status)).toEqual([200, 200]);
      const posted = await editor.json(`/admin/stories/${id}/live/entries`, { body: 'Ships leave Odesa at first light.' });
      expect(posted.status, posted.body.slice(0, 300)).toBe(200);
      const entryId = (posted.data as { id: number }).id;
      for (const stream of streams) {
        const event = await stream.next((e) => e.event === 'entries' && e.data.includes(`entry-${entryId}`));
        expect(Number(event.id)).toBeGreaterThan(Number(before.cursor));
        stream.close();
      }
      await changesWithin(feedPath, (page) => page.body.includes(`entry-${entryId}`), 'the new entry in live.json');
    } finally {
      await other.stop();
    }
  });
});
