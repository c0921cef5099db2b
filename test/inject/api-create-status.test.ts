import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../helpers/newsroom.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { referenceBundle } from '../helpers/server.js';
import { countRows } from '../helpers/rows.js';

// POST /api/admin/articles takes the `status` it answers with: "published" makes the
// newsroom's own publish move (checklist, webhook, reader page), "scheduled" its schedule
// move for `publish_at`. When the checklist or the role refuses, the answer says why and
// nothing at all is stored: no story, revision, tag, job or content change.

const ORIGIN = 'http://127.0.0.1';
const READY = {
  dek: 'A dek.',
  format: 'reporting',
  sections: ['europe'],
  authors: ['jane-okafor'],
  image: 'paris-quai',
  body: { format: 'markdown', source: 'The talks **resumed** on Tuesday.' },
};
const COUNTED = ['articles', 'article_revisions', 'tags', 'jobs', 'content_changes', 'article_sections'] as const;

describe('creating a story with a status through /api/admin/articles', () => {
  let site: NewsroomSite;

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of COUNTED) out[table] = await countRows(site.store.db, table);
    return out;
  };

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite', bundle: referenceBundle });
    await site.store.db
      .insertInto('webhooks')
      .values({
        url: 'https://hooks.example/news',
        secret: 's'.repeat(32),
        events: '["article.published"]',
        created_at: new Date().toISOString(),
      })
      .execute();
  });
  afterAll(() => site?.close());

  it('publishes with "status": "published" through the publish move', async () => {
    const made = await site.api('POST', '/api/admin/articles', { title: 'Published on arrival', ...READY, status: 'published' });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    expect(made.json).toMatchObject({ slug: 'published-on-arrival', stage: 'published', status: 'published', sections: ['europe'] });
    expect(made.json.published_at).toBeTruthy();
    expect((await site.app.inject({ url: '/published-on-arrival' })).statusCode).toBe(200);
    const hooks = await site.store.db.selectFrom('jobs').select('payload').where('payload', 'like', '%article.published%').execute();
    expect(hooks.map((row) => (JSON.parse(row.payload) as { data: { id: number } }).data.id)).toContain(made.json.id);
  });

  it('answers 422 with the checklist’s reasons when it blocks, and stores nothing', async () => {
    const before = await counts();
    const refused = await site.api('POST', '/api/admin/articles', {
      title: 'Not ready yet',
      slug: 'not-ready-yet',
      body: READY.body,
      new_tags: [{ name: 'A brand new tag', kind: 'topic' }],
      status: 'published',
    });
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({
      error: {
        code: 'CHECKLIST',
        details: {
          missing: [
            'A format (reporting, analysis…)',
            'At least one section',
            'A byline (at least one author)',
            'A lead image',
            'Alt text on the lead image',
            'A credit on the lead image',
          ],
        },
      },
    });
    expect(await counts()).toEqual(before);
    expect((await site.app.inject({ url: '/not-ready-yet' })).statusCode).toBe(404);
    // The address was not taken either: the same story made as a draft gets it.
    const draft = await site.api('POST', '/api/admin/articles', { title: 'Not ready yet', slug: 'not-ready-yet' });
    expect(draft.status).toBe(201);
    expect(draft.json).toMatchObject({ slug: 'not-ready-yet', stage: 'draft', status: 'draft' });
  });

  it('schedules with "status": "scheduled" and a time, and refuses a schedule without one', async () => {
    const at = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    const made = await site.api('POST', '/api/admin/articles', { title: 'Out on Friday', ...READY, status: 'scheduled', publish_at: at });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    expect(made.json).toMatchObject({ stage: 'scheduled', status: 'draft', publish_at: at });
    const job = await site.store.db
      .selectFrom('jobs')
      .select('run_at')
      .where('dedupe_key', '=', `publish:article:${Number(made.json.id)}`)
      .executeTakeFirst();
    expect(job).toBeDefined();

    const before = await counts();
    for (const body of [
      { title: 'No time', ...READY, status: 'scheduled' },
      { title: 'In the past', ...READY, status: 'scheduled', publish_at: '2001-01-01T00:00:00Z' },
      { title: 'Time without schedule', ...READY, publish_at: at },
      { title: 'Unknown status', ...READY, status: 'live' },
    ]) {
      const refused = await site.api('POST', '/api/admin/articles', body);
      expect(refused.status, body.title).toBe(400);
      expect((refused.json.error as { code: string }).code).toBe('INVALID');
    }
    expect(await counts()).toEqual(before);
  });

  it('keeps "draft" and no status as today', async () => {
    for (const status of ['draft', undefined]) {
      const made = await site.api('POST', '/api/admin/articles', { title: `A draft ${status ?? 'plain'}`, ...READY, status });
      expect(made.status).toBe(201);
      expect(made.json).toMatchObject({ stage: 'draft', status: 'draft', published_at: null });
    }
  });

  it('refuses a role that may not publish with 403, storing nothing', async () => {
    await addStaffRow(site.store, { email: 'contributor@example.org', name: 'Con', role: 'contributor', password: PASSWORD });
    const login = await site.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: 'contributor@example.org', password: PASSWORD }).toString(),
    });
    const cookie = login.cookies.find((c) => c.name === 'masthead_session')!.value;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(
      (await site.app.inject({ url: '/admin', cookies: { masthead_session: cookie } })).body,
    )![1]!;
    const before = await counts();
    const refused = await site.app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      cookies: { masthead_session: cookie },
      headers: { origin: ORIGIN, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'Going live myself', ...READY, status: 'published' }),
    });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(await counts()).toEqual(before);
  });
});
