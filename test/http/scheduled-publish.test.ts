import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { waitFor } from '../helpers/job-workers.js';
import { openDatabaseOf } from '../helpers/newsletter.js';
import { engines, referenceBundle, startAnotherProcess, startMasthead, type Masthead } from '../helpers/server.js';

// Reliability promise 5: a scheduled publish happens exactly once across processes. Two
// server processes share one database and both run the jobs worker; a story scheduled a
// few seconds ahead goes live once, and the webhook receiver hears about it once. Every
// wait is on a condition (the page, the jobs table), bounded, never a fixed sleep. The
// same two processes show that a write on one reaches the other's page cache within the
// freshness bound (docs/caching.md), and touches only the pages it changed.

async function receiver() {
  const events: Array<{ event: string; slug: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const parsed = JSON.parse(body) as { event: string; data: { slug: string } };
      events.push({ event: parsed.event, slug: parsed.data.slug });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    events,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.each(engines())('scheduled publishing on %s', (engine) => {
  let masthead: Masthead;
  let second: { url: string; stop(): Promise<void> };
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let key: string;
  let db: Store;

  beforeAll(async () => {
    hooks = await receiver();
    masthead = await startMasthead({ engine, bundle: referenceBundle, env: { MASTHEAD_OUTBOUND_ALLOW_PRIVATE: String(hooks.port) } });
    second = await startAnotherProcess(masthead);
    key = (await masthead.cli(['apikey', 'create', '--name', 'scheduler', '--scope', 'admin'])).stdout.trim();
    const added = await masthead.cli([
      'webhook',
      'add',
      '--url',
      `http://127.0.0.1:${hooks.port}/hook`,
      '--events',
      'article.published,article.unpublished',
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout.trim()).toMatch(/^[\w-]{20,}$/);
    db = await openDatabaseOf(masthead);
  });
  afterAll(async () => {
    await db?.close();
    await second?.stop();
    await masthead?.stop();
    await hooks?.close();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${masthead.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  /** Jobs not yet finished of these kinds, read from the shared database. */
  const unfinishedJobs = async (kinds: string[]) =>
    (
      await db.db
        .selectFrom('jobs')
        .select(['kind', 'state'])
        .where('kind', 'in', kinds)
        .where('state', 'in', ['queued', 'running'])
        .execute()
    ).length;
  const jobState = async (key: string) =>
    (await db.db.selectFrom('jobs').select('state').where('dedupe_key', '=', key).executeTakeFirst())?.state;
  const createStory = async (title: string) => {
    const created = await api('POST', '/api/admin/articles', {
      title,
      dek: 'A first crossing in months.',
      format: 'reporting',
      sections: ['europe'],
      authors: ['jane-okafor'],
      image: 'paris-quai',
      body: { format: 'markdown', source: 'The first ferry left at midnight.' },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    return created.json.id as number;
  };

  it('publishes a scheduled story once, at its time, with two processes running the worker', async () => {
    const id = await createStory('Night ferries resume across the strait');
    const publishAt = new Date(Date.now() + 3_000).toISOString();
    const scheduled = await api('POST', `/api/admin/articles/${id}/moves`, { move: 'schedule', publish_at: publishAt });
    expect(scheduled.status, JSON.stringify(scheduled.json)).toBe(200);

    const slug = 'night-ferries-resume-across-the-strait';
    // Not visible while it is still scheduled. The stage is read after the page: if it was
    // still "scheduled" then, it was scheduled while the page was served.
    const early = (await fetch(`${masthead.url}/${slug}`)).status;
    const stageAfter = (await api('GET', `/api/admin/articles/${id}`)).json.stage;
    expect(stageAfter === 'scheduled' ? early : 404, 'the page while the story was still scheduled').toBe(404);

    await waitFor(async () => (await fetch(`${second.url}/${slug}`)).status === 200, 30_000, 'the story to go live');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(publishAt));
    expect((await fetch(`${masthead.url}/${slug}`)).status).toBe(200);

    // Once no publish job or webhook delivery is left to run, nothing more can be sent:
    // the receiver has heard "published" exactly once.
    await waitFor(
      async () => (await unfinishedJobs(['article.publish', 'webhook.deliver'])) === 0,
      30_000,
      'the publish job and its webhook deliveries to finish',
    );
    expect(hooks.events.filter((e) => e.slug === slug)).toEqual([{ event: 'article.published', slug }]);
    const story = await api('GET', `/api/admin/articles/${id}`);
    expect(story.json).toMatchObject({ status: 'published', published_at: publishAt });
    expect(await jobState(`publish:article:${id}`)).toBe('done');
  });

  it('does not publish a story whose schedule was cleared, even after the time passes', async () => {
    const cleared = await createStory('A story pulled before its minute');
    const control = await createStory('A story that keeps its minute');
    const publishAt = new Date(Date.now() + 2_000).toISOString();
    for (const id of [cleared, control])
      expect((await api('POST', `/api/admin/articles/${id}/moves`, { move: 'schedule', publish_at: publishAt })).status).toBe(200);
    expect((await api('POST', `/api/admin/articles/${cleared}/moves`, { move: 'unschedule' })).status).toBe(200);
    expect(await jobState(`publish:article:${cleared}`)).toBe('cancelled');

    // The control story is due at the same moment: once it is live, the workers have been
    // past that moment, and a publish still booked for the other would have run too.
    await waitFor(
      async () => (await fetch(`${masthead.url}/a-story-that-keeps-its-minute`)).status === 200,
      30_000,
      'the control story to go live',
    );
    await waitFor(async () => (await unfinishedJobs(['article.publish'])) === 0, 30_000, 'every publish job to finish');

    expect((await fetch(`${masthead.url}/a-story-pulled-before-its-minute`)).status).toBe(404);
    expect((await fetch(`${second.url}/a-story-pulled-before-its-minute`)).status).toBe(404);
    expect((await api('GET', `/api/admin/articles/${cleared}`)).json).toMatchObject({ status: 'draft' });
  });

  it('shows a correction made through one process on the other within the freshness bound', async () => {
    const url = `${second.url}/walk-away-talks`;
    const etagOf = async (page: string) => (await fetch(page)).headers.get('etag');
    // Cached on the second process: the same rendering (the same ETag) twice.
    await waitFor(async () => (await etagOf(url)) === (await etagOf(url)), 5_000, 'the page to be cached');
    const listingBefore = await etagOf(`${second.url}/section/washington`);
    expect(await etagOf(`${second.url}/section/washington`)).toBe(listingBefore);

    const { id } = await db.db.selectFrom('articles').select('id').where('slug', '=', 'walk-away-talks').executeTakeFirstOrThrow();
    const noted = await api('POST', `/api/admin/articles/${id}/notes`, { kind: 'update', note: 'Talks resumed on the fourth morning.' });
    expect(noted.status, JSON.stringify(noted.json)).toBe(201);
    // SQLite is polled every 250 ms and PostgreSQL pushes: 3 s leaves room for a loaded machine.
    await waitFor(
      async () => (await (await fetch(url)).text()).includes('Talks resumed on the fourth morning.'),
      3_000,
      'the note on the other process',
    );
    // A note changes the story's own page only: a listing that does not show it stays as rendered.
    expect(await etagOf(`${second.url}/section/washington`)).toBe(listingBefore);
  });
});
