import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN, withAuditOrigin } from '../../src/audit/audit-origin.js';
import { apikeyCommand } from '../../src/cli/apikey-command.js';
import { auditCommand } from '../../src/cli/audit-command.js';
import { webhookCommand } from '../../src/cli/webhook-command.js';
import type { Config } from '../../src/config/config.js';
import { insertAuditEntry } from '../../src/store/audit/audit-repository.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { referenceBundle } from '../helpers/server.js';

// The audit trail (issue 12 §15, docs/audit.md), through the app in this process on
// SQLite: each family of acts is recorded with who, from which door and address, and on
// what; a refused act records nothing; the owner and admins read and filter it in the
// newsroom and export it as JSON lines; an editor cannot. The table's append-only trigger
// is held on both engines by src/store/audit/audit.store.test.ts.

const ORIGIN = 'http://127.0.0.1';
const PASSWORD = 'a long enough test password';
const ADMIN_IP = '198.51.100.20';

describe('the audit trail', () => {
  let site: NewsroomSite;
  const cookies: Record<string, string> = {};
  const ids: Record<string, number> = {};

  const entries = async (action?: string) => {
    let query = site.store.db.selectFrom('audit_log').selectAll().orderBy('id');
    if (action) query = query.where('action', '=', action);
    return query.execute();
  };
  const count = async () => (await entries()).length;

  const signIn = (email: string, password = PASSWORD, remoteAddress = ADMIN_IP) =>
    site.app.inject({
      method: 'POST',
      url: '/admin/login',
      remoteAddress,
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email, password }).toString(),
    });
  const get = (who: string, url: string) => site.app.inject({ url, remoteAddress: ADMIN_IP, cookies: { masthead_session: cookies[who]! } });
  const csrf = async (who: string) => /name="_csrf" value="([^"]+)"/.exec((await get(who, '/admin/stories/new')).body)?.[1] ?? '';
  const post = async (who: string, url: string, form: Record<string, string>) =>
    site.app.inject({
      method: 'POST',
      url,
      remoteAddress: ADMIN_IP,
      cookies: { masthead_session: cookies[who]! },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': await csrf(who) },
      payload: new URLSearchParams(form).toString(),
    });

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite', bundle: referenceBundle });
    for (const [who, role] of [
      ['owner', 'owner'],
      ['admin', 'admin'],
      ['editor', 'editor'],
      ['contributor', 'contributor'],
    ] as const) {
      ids[who] = await addStaffRow(site.store, { email: `${who}@example.org`, name: `The ${who}`, role, password: PASSWORD });
      const response = await signIn(`${who}@example.org`);
      expect(response.statusCode).toBe(303);
      cookies[who] = response.cookies.find((c) => c.name === 'masthead_session')!.value;
    }
  });
  afterAll(() => site?.close());

  it('records a sign-in with who and from where, a failure with the address tried and no password, and the lock', async () => {
    const [admin] = (await entries('sign-in.succeeded')).filter((e) => e.actor_id === ids.admin);
    expect(admin).toMatchObject({ actor_kind: 'staff', actor_label: 'The admin', door: 'newsroom', ip: ADMIN_IP, target_kind: 'staff' });
    expect(admin!.target_id).toBe(ids.admin);

    const attacker = '192.0.2.66';
    // Wrong passwords until the account locks (the lock rule's count is login.ts's to decide).
    const statuses: number[] = [];
    while (statuses.at(-1) !== 429 && statuses.length < 20)
      statuses.push((await signIn('Editor@Example.org', `wrong guess ${statuses.length}`, attacker)).statusCode);
    expect(statuses.at(-1)).toBe(429);
    // Even the right password is refused while locked, and that refusal is recorded too.
    expect((await signIn('editor@example.org', PASSWORD, attacker)).statusCode).toBe(429);
    const failed = await entries('sign-in.failed');
    expect(failed).toHaveLength(statuses.filter((s) => s === 401).length);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({
      actor_kind: 'anonymous',
      actor_label: 'anonymous',
      door: 'newsroom',
      ip: attacker,
      target_label: 'editor@example.org',
    });
    expect(JSON.stringify(await entries())).not.toContain('wrong guess');
    expect(await entries('sign-in.locked')).toEqual([
      expect.objectContaining({ ip: attacker, target_label: 'editor@example.org' }),
      expect.objectContaining({ ip: attacker, target_label: 'editor@example.org' }),
    ]);
  });

  it('records staff created, a role change and a disabled account, and nothing for a refused change', async () => {
    const created = await post('admin', '/admin/staff', { name: 'New Person', email: 'new@example.org', role: 'contributor' });
    expect(created.statusCode).toBe(201);
    const [made] = await entries('staff.created');
    expect(made).toMatchObject({
      actor_id: ids.admin,
      actor_label: 'The admin',
      door: 'newsroom',
      ip: ADMIN_IP,
      target_label: 'new@example.org',
    });
    const newId = made!.target_id as number;

    const before = await count();
    expect((await post('editor', '/admin/staff', { name: 'Sneaky', email: 'sneaky@example.org', role: 'admin' })).statusCode).toBe(403);
    expect((await post('admin', `/admin/staff/${ids.owner}/disable`, {})).statusCode).toBe(403);
    expect(await count()).toBe(before);

    expect((await post('owner', `/admin/staff/${newId}`, { role: 'author', author: '' })).statusCode).toBe(303);
    expect(await entries('staff.role-changed')).toEqual([
      expect.objectContaining({
        actor_label: 'The owner',
        target_id: newId,
        detail: JSON.stringify({ from: 'contributor', to: 'author' }),
      }),
    ]);
    expect((await post('admin', `/admin/staff/${newId}/disable`, {})).statusCode).toBe(303);
    expect(await entries('staff.disabled')).toEqual([expect.objectContaining({ actor_id: ids.admin, target_id: newId })]);
  });

  it('records publish, unpublish, schedule and delete from each door, and nothing for a refused or blocked move', async () => {
    const live = await site.store.db
      .selectFrom('articles')
      .select(['id', 'title'])
      .where('status', '=', 'published')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await site.adminKey();
    const before = await count();
    // A contributor may not unpublish someone else's story; a story missing what the checklist needs cannot go live.
    expect([403, 404]).toContain((await post('contributor', `/admin/stories/${live.id}/move`, { move: 'unpublish' })).statusCode);
    const bare = await site.api('POST', '/api/admin/articles', { title: 'Just a title' });
    expect(bare.status).toBe(201);
    const bareId = bare.json.id as number;
    expect((await site.api('POST', `/api/admin/articles/${bareId}/moves`, { move: 'publish' })).status).toBe(422);
    expect(await count()).toBe(before);

    expect((await post('editor', `/admin/stories/${live.id}/move`, { move: 'unpublish' })).statusCode).toBe(303);
    expect(await entries('story.unpublished')).toEqual([
      expect.objectContaining({
        actor_id: ids.editor,
        actor_label: 'The editor',
        door: 'newsroom',
        target_kind: 'story',
        target_id: live.id,
        target_label: live.title,
      }),
    ]);

    const publishAt = new Date(Date.now() + 1500).toISOString();
    expect((await site.api('POST', `/api/admin/articles/${live.id}/moves`, { move: 'schedule', publish_at: publishAt })).status).toBe(200);
    expect(await entries('story.scheduled')).toEqual([
      expect.objectContaining({ actor_kind: 'api-key', actor_label: 'api key tests', door: 'api', target_id: live.id }),
    ]);
    await site.runStoryJobsUntil(async () => (await entries('story.published')).length > 0, 'the scheduled publish');
    expect(await entries('story.published')).toEqual([
      expect.objectContaining({ actor_kind: 'system', actor_label: 'system', door: 'scheduler', ip: null, target_id: live.id }),
    ]);

    expect((await site.api('DELETE', `/api/admin/articles/${bareId}`)).status).toBe(204);
    expect(await entries('story.deleted')).toEqual([
      expect.objectContaining({ door: 'api', target_id: bareId, target_label: 'Just a title' }),
    ]);
  });

  it('records subscriber exports, an import and a deletion, by id only for the deleted person', async () => {
    const now = new Date().toISOString();
    const { id } = await site.store.db
      .insertInto('subscribers')
      .values({
        email: 'reader@example.net',
        status: 'confirmed',
        created_at: now,
        updated_at: now,
        confirmed_at: now,
        unsubscribed_at: null,
        consent_at: now,
        consent_ip: null,
        bounce_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await get('editor', '/admin/subscribers.csv?status=confirmed')).statusCode).toBe(200);
    expect(await entries('subscribers.exported')).toEqual([
      expect.objectContaining({ actor_id: ids.editor, door: 'newsroom', detail: expect.stringContaining('"status":"confirmed"') }),
    ]);
    expect((await get('editor', `/admin/subscribers/${id}/export`)).statusCode).toBe(200);
    expect(await entries('subscriber.exported')).toEqual([expect.objectContaining({ target_id: id })]);

    const upload = async (csv: string) => {
      const form = new FormData();
      form.append('_csrf', await csrf('editor'));
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'readers.csv');
      const request = new Request(ORIGIN, { method: 'POST', body: form });
      return site.app.inject({
        method: 'POST',
        url: '/admin/subscribers/import',
        cookies: { masthead_session: cookies.editor! },
        headers: { origin: ORIGIN, 'content-type': request.headers.get('content-type')! },
        payload: Buffer.from(await request.arrayBuffer()),
      });
    };
    // A file refused as a whole imports nothing and records nothing.
    const before = await count();
    expect((await upload('email\nnewreader@example.net\n')).statusCode).toBe(400);
    expect(await count()).toBe(before);
    const imported = await upload('email,consent\nnewreader@example.net,yes\n');
    expect(imported.statusCode, /id="error-summary"[\s\S]{0,600}/.exec(imported.body)?.[0]).toBe(200);
    expect(await entries('subscribers.imported')).toEqual([expect.objectContaining({ actor_id: ids.editor, target_label: 'readers.csv' })]);

    expect((await post('editor', `/admin/subscribers/${id}/delete`, { confirm: 'yes' })).statusCode).toBe(303);
    expect(await entries('subscriber.deleted')).toEqual([expect.objectContaining({ target_id: id, target_label: '' })]);
    expect(JSON.stringify(await entries())).not.toContain('reader@example.net"');
  });

  it('records a settings change, and API keys and webhooks made or removed at the shell', async () => {
    const settings = await site.store.db.selectFrom('publication').selectAll().executeTakeFirstOrThrow();
    const saved = await post('admin', '/admin/settings', {
      name: 'The Renamed Gazette',
      tagline: settings.tagline,
      time_zone: settings.time_zone,
      locale: settings.locale,
      social: '',
      newsletter_pitch: settings.newsletter_pitch,
      postal_address: settings.postal_address,
    });
    expect(saved.statusCode).toBe(303);
    expect(await entries('settings.changed')).toEqual([expect.objectContaining({ actor_id: ids.admin, target_kind: 'settings' })]);

    const config = { outboundAllowPrivate: undefined } as Config;
    const quiet = { log: console.log, error: console.error };
    console.log = console.error = () => {};
    try {
      await withAuditOrigin(CLI_ORIGIN, async () => {
        expect(await apikeyCommand(['create', '--name', 'deploy bot', '--scope', 'admin'], site.store, config)).toBe(0);
        const key = (await entries('api-key.created')).find((e) => e.target_label === 'deploy bot')!;
        expect(await apikeyCommand(['revoke', String(key.target_id)], site.store, config)).toBe(0);
        expect(
          await webhookCommand(['add', '--url', 'https://hooks.example.org/in', '--events', 'article.published'], site.store, config),
        ).toBe(0);
        const hook = (await entries('webhook.created'))[0]!;
        expect(await webhookCommand(['remove', String(hook.target_id)], site.store, config)).toBe(0);
        // Refused input stores nothing and records nothing.
        const before = await count();
        expect(
          await webhookCommand(['add', '--url', 'https://u:p@hooks.example.org/', '--events', 'article.published'], site.store, config),
        ).toBe(1);
        expect(await count()).toBe(before);
      });
    } finally {
      Object.assign(console, quiet);
    }
    for (const action of ['api-key.revoked', 'webhook.created', 'webhook.removed'])
      expect(await entries(action)).toEqual([expect.objectContaining({ actor_kind: 'cli', actor_label: 'cli', door: 'cli', ip: null })]);
    expect((await entries('api-key.created')).find((e) => e.target_label === 'deploy bot')).toMatchObject({
      door: 'cli',
      detail: expect.stringContaining('"scope":"admin"'),
    });
  });

  it('records password resets asked for and completed, an account enabled, and pages published, taken down and deleted', async () => {
    for (const email of ['editor@example.org', 'nobody@example.org']) {
      const asked = await site.app.inject({
        method: 'POST',
        url: '/admin/reset',
        remoteAddress: '192.0.2.44',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email }).toString(),
      });
      expect(asked.statusCode).toBe(200);
    }
    // Known or not, the same entry: the log is no oracle for which addresses have accounts.
    expect((await entries('password-reset.requested')).map((e) => [e.actor_kind, e.ip, e.target_id, e.target_label])).toEqual([
      ['anonymous', '192.0.2.44', null, 'editor@example.org'],
      ['anonymous', '192.0.2.44', null, 'nobody@example.org'],
    ]);
    const issued = await post('admin', `/admin/staff/${ids.contributor}/link`, {});
    const token = /\/admin\/reset\?token=([A-Za-z0-9_-]+)/.exec(issued.body)![1]!;
    expect((await entries('password-reset.requested')).at(-1)).toMatchObject({ actor_id: ids.admin, target_id: ids.contributor });
    const done = await site.app.inject({
      method: 'POST',
      url: '/admin/reset/confirm',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token, password: 'a brand new long password' }).toString(),
    });
    expect(done.statusCode).toBe(303);
    expect(await entries('password-reset.completed')).toEqual([
      expect.objectContaining({ actor_kind: 'anonymous', target_id: ids.contributor }),
    ]);

    const disabled = (await entries('staff.disabled'))[0]!;
    expect((await post('admin', `/admin/staff/${disabled.target_id}/enable`, {})).statusCode).toBe(303);
    expect(await entries('staff.enabled')).toEqual([expect.objectContaining({ actor_id: ids.admin, target_id: disabled.target_id })]);

    const pageForm = { title: 'About us', slug: 'about-us', footer_position: '', seo_description: 'Who we are.', body_html: '<p>Us.</p>' };
    expect((await post('admin', '/admin/pages', { ...pageForm, status: 'published' })).statusCode).toBe(303);
    const page = await site.store.db.selectFrom('pages').select('id').where('slug', '=', 'about-us').executeTakeFirstOrThrow();
    expect((await post('admin', `/admin/pages/${page.id}`, { ...pageForm, status: 'draft' })).statusCode).toBe(303);
    expect((await post('admin', `/admin/pages/${page.id}/delete`, {})).statusCode).toBe(303);
    expect((await entries()).filter((e) => e.target_kind === 'page').map((e) => [e.action, e.target_id, e.actor_id])).toEqual([
      ['page.published', page.id, ids.admin],
      ['page.unpublished', page.id, ids.admin],
      ['page.deleted', page.id, ids.admin],
    ]);
  });

  it('shows the owner and admins the trail, filtered and paged, and refuses an editor', async () => {
    const first = await get('admin', '/admin/audit');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<h1>Audit trail</h1>');
    expect(first.body).toContain('href="/admin/audit"');
    expect(first.body).toMatch(/<tr data-action="settings.changed"/);

    const filtered = await get('admin', '/admin/audit?action=story.unpublished&person=editor');
    expect(filtered.statusCode).toBe(200);
    expect([...filtered.body.matchAll(/<tr data-action="([^"]+)"/g)].map((m) => m[1])).toEqual(['story.unpublished']);
    const none = await get('owner', '/admin/audit?action=story.unpublished&person=the+admin');
    expect(none.body).toContain('No entries match.');
    const today = new Date().toISOString().slice(0, 10);
    const dated = await get('owner', `/admin/audit?from=2001-01-01&to=2001-12-31`);
    expect(dated.body).toContain('No entries match.');
    expect((await get('owner', `/admin/audit?target_kind=webhook&from=${today}&to=${today}`)).body.match(/<tr data-action=/g)).toHaveLength(
      2,
    );

    const bad = await get('admin', '/admin/audit?action=drop-table&from=2026-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not an action the log records');
    expect(bad.body).toContain('must be a date written YYYY-MM-DD');

    // Paged newest first, without overlap, by the last id shown (padded past one screen).
    for (let i = 0; i < 40; i++)
      await insertAuditEntry(site.store.db, {
        at: new Date().toISOString(),
        action: 'sign-in.failed',
        actor_kind: 'anonymous',
        actor_id: null,
        actor_label: 'anonymous',
        door: 'newsroom',
        ip: '192.0.2.1',
        target_kind: 'staff',
        target_id: null,
        target_label: `guess${i}@example.org`,
        detail: '{}',
      });
    const total = await count();
    expect(total).toBeGreaterThan(50);
    const page = await get('admin', '/admin/audit');
    const shown = [...page.body.matchAll(/data-entry="(\d+)"/g)].map((m) => Number(m[1]));
    expect(shown).toHaveLength(50);
    const older = /<a rel="next" href="([^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const second = await get('admin', older);
    const rest = [...second.body.matchAll(/data-entry="(\d+)"/g)].map((m) => Number(m[1]));
    expect([...shown, ...rest]).toEqual([...shown, ...rest].sort((a, b) => b - a));
    expect(shown.length + rest.length).toBe(total);
    expect(second.body).not.toContain('rel="next"');

    for (const url of ['/admin/audit', '/admin/audit.jsonl']) {
      const refused = await get('editor', url);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toContain('sign-in.failed');
    }
    expect((await get('editor', '/admin')).body).not.toContain('href="/admin/audit"');
  });

  it('exports the same filters as JSON lines, every line parsed, and from the shell', async () => {
    const response = await get('owner', '/admin/audit.jsonl?target_kind=story');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = response.body
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string });
    expect(lines.map((l) => l.action)).toEqual(['story.unpublished', 'story.scheduled', 'story.published', 'story.deleted']);
    expect(lines[0]).toMatchObject({
      actor: { kind: 'staff', id: ids.editor, name: 'The editor' },
      door: 'newsroom',
      ip: ADMIN_IP,
      target: { kind: 'story' },
      detail: { slug: expect.any(String) },
    });
    expect((await get('owner', '/admin/audit.jsonl?to=yesterday')).statusCode).toBe(400);

    const written: string[] = [];
    expect(
      await auditCommand(
        ['export', '--since', new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)],
        site.store,
        (t) => !!written.push(t),
      ),
    ).toBe(0);
    expect(written).toEqual([]);
    expect(await auditCommand(['export'], site.store, (t) => !!written.push(t))).toBe(0);
    expect(written).toHaveLength(await count());
    expect(written.map((l) => (JSON.parse(l) as { id: number }).id)).toEqual((await entries()).map((e) => e.id));
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(await auditCommand(['export', '--since', 'last week'], site.store, () => true)).toBe(2);
    } finally {
      console.error = quiet;
    }
  });
});
