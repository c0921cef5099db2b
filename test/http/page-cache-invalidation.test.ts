import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNewsroomSite, type App, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { engines, referenceBundle } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait-until.js';

// The page cache keeps a rendered page until a change touches what it shows (at most
// 60 s). Each test loads pages until they come from the cache, changes the story, and
// loads them again: in the app that made the change and in a second app on the same
// database, which is what another server process holds in its memory. The last tests
// write as another process would, with nothing but the database between them, so only
// the engine's signal (NOTIFY, data_version) can tell the app.

/** A cached page comes back byte for byte, nonce included; a fresh rendering never does. */
async function cached(app: App, url: string): Promise<string> {
  const first = await app.inject({ url });
  const second = await app.inject({ url });
  expect(second.statusCode, url).toBe(first.statusCode);
  expect(second.body, `${url} is served from the page cache`).toBe(first.body);
  return second.body;
}

describe.each(engines())('the page cache on %s', (engine) => {
  let site: NewsroomSite;
  let other: App;

  beforeAll(async () => {
    site = await startNewsroomSite({ engine, bundle: referenceBundle });
    other = await site.anotherApp();
  });
  afterAll(() => site?.close());

  const storyOf = async (slug: string) =>
    site.store.db.selectFrom('articles').select(['id', 'slug', 'title']).where('slug', '=', slug).executeTakeFirstOrThrow();
  const bothApps = () =>
    [
      ['this process', site.app],
      ['another process', other],
    ] as const;

  it('drops the cached article page and listings after a story edit', async () => {
    const story = await storyOf('walk-away-talks');
    for (const [, app] of bothApps()) {
      expect(await cached(app, '/walk-away-talks')).toContain(story.title);
      expect(await cached(app, '/latest')).toContain(story.title);
    }

    const saved = await site.api('PATCH', `/api/admin/articles/${story.id}`, { title: 'Talks end without a deal in the small hours' });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);

    for (const [who, app] of bothApps()) {
      for (const url of ['/walk-away-talks', '/latest']) {
        const page = (await app.inject({ url })).body;
        expect(page, `${url} in ${who}`).toContain('Talks end without a deal in the small hours');
        expect(page, `${url} in ${who}`).not.toContain(story.title);
      }
    }
  });

  it('drops the cached article page after a correction note', async () => {
    const story = await storyOf('walk-away-talks');
    for (const [, app] of bothApps()) expect(await cached(app, '/walk-away-talks')).not.toContain('misspelt the envoy');

    const noted = await site.api('POST', `/api/admin/articles/${story.id}/notes`, {
      kind: 'correction',
      note: 'An earlier version misspelt the envoy’s name.',
    });
    expect(noted.status, JSON.stringify(noted.json)).toBe(201);

    for (const [who, app] of bothApps()) {
      expect((await app.inject({ url: '/walk-away-talks' })).body, who).toContain('misspelt the envoy');
    }
  });

  it('drops the cached article page and listings after a delete', async () => {
    const slug = (
      await site.store.db
        .selectFrom('articles')
        .select('slug')
        .where('stage', '=', 'published')
        .where('slug', '!=', 'walk-away-talks')
        .orderBy('published_at', 'desc')
        .executeTakeFirstOrThrow()
    ).slug;
    const story = await storyOf(slug);
    for (const [, app] of bothApps()) {
      await cached(app, `/${slug}`);
      expect(await cached(app, '/latest')).toContain(`href="/${slug}"`);
    }

    expect((await site.api('DELETE', `/api/admin/articles/${story.id}`)).status).toBe(204);

    for (const [who, app] of bothApps()) {
      expect((await app.inject({ url: `/${slug}` })).statusCode, who).toBe(404);
      expect((await app.inject({ url: '/latest' })).body, who).not.toContain(`href="/${slug}"`);
    }
  });

  it('drops the cached front page and listings after a scheduled publish', async () => {
    const created = await site.api('POST', '/api/admin/articles', {
      title: 'Night ferries resume across the strait',
      dek: 'A first crossing in months.',
      format: 'reporting',
      sections: ['europe'],
      authors: ['jane-okafor'],
      image: 'paris-quai',
      body: { format: 'markdown', source: 'The first ferry left at midnight.' },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.id as number;
    const scheduled = await site.api('POST', `/api/admin/articles/${id}/moves`, {
      move: 'schedule',
      publish_at: new Date(Date.now() + 1_000).toISOString(),
    });
    expect(scheduled.status, JSON.stringify(scheduled.json)).toBe(200);
    for (const [, app] of bothApps()) {
      for (const url of ['/', '/latest', '/section/europe']) expect(await cached(app, url)).not.toContain('Night ferries resume');
    }

    // The job publishes it; what the pages show is read only afterwards.
    await site.runStoryJobsUntil(
      async () =>
        (await site.store.db.selectFrom('articles').select('stage').where('id', '=', id).executeTakeFirstOrThrow()).stage === 'published',
      'the scheduled publish',
    );

    for (const [who, app] of bothApps()) {
      for (const url of ['/', '/latest', '/section/europe'])
        expect((await app.inject({ url })).body, `${url} in ${who}`).toContain('Night ferries resume');
      expect((await app.inject({ url: '/night-ferries-resume-across-the-strait' })).statusCode, who).toBe(200);
    }
  });

  it('keeps the pages a body edit does not touch, and tags pages with what they show', async () => {
    const story = await storyOf('walk-away-talks');
    const front = await cached(site.app, '/');
    const latest = await cached(site.app, '/latest');
    const otherSlug = (
      await site.store.db
        .selectFrom('articles')
        .select('slug')
        .where('stage', '=', 'published')
        .where('id', '!=', story.id)
        .executeTakeFirstOrThrow()
    ).slug;
    const otherPage = await cached(site.app, `/${otherSlug}`);
    const tagged = await site.app.inject({ url: '/walk-away-talks' });
    expect(tagged.headers['surrogate-key']).toMatch(new RegExp(`(^| )story:${story.id}( |$)`));
    expect(String(tagged.headers['surrogate-key']).split(' ')).toContain('site');
    expect(tagged.headers['cache-tag']).toContain(`story:${story.id},`);

    const saved = await site.api('PATCH', `/api/admin/articles/${story.id}`, {
      body: { format: 'markdown', source: 'Late on the third night the delegations packed their papers. A last paragraph changed.' },
    });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);

    expect((await site.app.inject({ url: '/walk-away-talks' })).body).toContain('A last paragraph changed.');
    // Same bytes, same nonce: these were not rendered again.
    expect((await site.app.inject({ url: '/' })).body).toBe(front);
    expect((await site.app.inject({ url: '/latest' })).body).toBe(latest);
    expect((await site.app.inject({ url: `/${otherSlug}` })).body).toBe(otherPage);
  });

  it('drops nothing for a draft edit', async () => {
    const created = await site.api('POST', '/api/admin/articles', {
      title: 'A draft nobody reads yet',
      format: 'reporting',
      sections: ['europe'],
      body: { format: 'markdown', source: 'Not yet.' },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const front = await cached(site.app, '/');
    const section = await cached(site.app, '/section/europe');
    const edited = await site.api('PATCH', `/api/admin/articles/${created.json.id as number}`, { title: 'A draft still unread' });
    expect(edited.status).toBe(200);
    expect((await site.app.inject({ url: '/' })).body).toBe(front);
    expect((await site.app.inject({ url: '/section/europe' })).body).toBe(section);
  });

  it('learns of a write made by another process from the engine alone, within its bound', async () => {
    const story = await storyOf('walk-away-talks');
    for (const [, app] of bothApps()) await cached(app, '/walk-away-talks');
    // A write as a separate process makes it: straight to the database, no signal in this process.
    const title = 'Talks resume at dawn after a night of silence';
    await site.store.db.transaction().execute(async (trx) => {
      await trx.updateTable('articles').set({ title }).where('id', '=', story.id).execute();
      const { content_version: version } = await trx
        .updateTable('publication')
        .set((eb) => ({ content_version: eb('content_version', '+', 1) }))
        .where('id', '=', 1)
        .returning('content_version')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('content_changes')
        .values({ version, keys: `story:${story.id} card:${story.id}`, changed_at: new Date().toISOString() })
        .execute();
    });
    // SQLite is polled every 250 ms, PostgreSQL pushes: 4 s is the bound with room for a loaded machine.
    for (const [who, app] of bothApps()) {
      await waitUntil(
        async () => (await app.inject({ url: '/walk-away-talks' })).body.includes(title),
        4000,
        `the other process's title in ${who}`,
      );
    }
  });
});
