import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/build-app.js';
import { storyEventSink } from '../../src/editorial/story-events.js';
import { maskAddress, withFailureLog } from '../../src/mail/mail-failures.js';
import { createMailer, type Mailer } from '../../src/mail/mailer.js';
import { insertMailFailure, listMailFailures, MAIL_FAILURES_KEPT } from '../../src/store/mail/mail-failure-repository.js';
import type { StaffRole } from '../../src/store/schema.js';
import { openStore, type Store } from '../../src/store/store.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { insertStaffRow } from '../helpers/staff-rows.js';
import { waitUntil } from '../helpers/wait-until.js';

// Issue 12 §9: account mail that the mail server refuses is recorded and shown in the
// newsroom to the owner and admins ("Mail problems", and a notice on the home page), not
// only logged; an editor sees neither. The app runs in this process against a real SMTP
// server (smtp-server) that refuses every recipient with 554.

const ORIGIN = 'http://127.0.0.1';
const PASSWORD = 'a long enough test password';
const READER = 'reader.refused@inbox.example';

describe('failed account mail in the newsroom', () => {
  let dir: string;
  let store: Store;
  let sink: SmtpSink;
  let mailer: Mailer;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const cookies: Partial<Record<StaffRole, string>> = {};

  const get = (url: string, role: StaffRole) => app.inject({ url, cookies: { masthead_session: cookies[role]! } });
  const failures = () => listMailFailures(store.db);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-mail-failures-'));
    store = await openStore({ engine: 'sqlite', file: path.join(dir, 'masthead.db') });
    await store.migrate();
    sink = await startSmtpSink({ rcptReply: () => 554 });
    mailer = createMailer({ smtpUrl: sink.url, from: 'news@example.org', outboxDir: path.join(dir, 'outbox') });
    app = await buildApp({
      db: store.db,
      dialect: store.dialect,
      siteUrl: ORIGIN,
      mediaDir: path.join(dir, 'media'),
      logLevel: 'silent',
      assets: { stylesheet: '/assets/site.css', script: '/assets/site.js', fonts: [], icon: '/assets/icon.svg' },
      maxEventLoopDelayMs: 0,
      newsroom: {
        secretKey: 'a test secret of at least thirty-two characters',
        mailer,
        mailFrom: 'news@example.org',
        assets: { stylesheet: '/assets/newsroom.css', icon: '/assets/icon.svg', scripts: [] },
        events: storyEventSink(ORIGIN),
        outboxDir: null,
      },
    });
    await app.ready();
    // The migrations make the default list ("weekly"), which the sign-up joins.
    for (const role of ['owner', 'admin', 'editor'] as const) {
      await insertStaffRow(store.db, { email: `${role}@example.org`, name: role, role, password: PASSWORD });
      const login = await app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: `${role}@example.org`, password: PASSWORD }).toString(),
      });
      expect(login.statusCode, login.body.slice(0, 300)).toBe(303);
      cookies[role] = login.cookies.find((c) => c.name === 'masthead_session')!.value;
    }
  });
  afterAll(async () => {
    await app?.close();
    mailer?.close();
    await sink?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records a refused sign-up confirmation: time, kind, the address masked and the server reply', async () => {
    expect(await failures()).toEqual([]);
    const signup = await app.inject({
      method: 'POST',
      url: '/newsletter/subscribe',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: READER }),
    });
    // The reader's answer is the ordinary one: the mail leaves after it.
    expect(signup.statusCode).toBe(202);
    await waitUntil(async () => (await failures()).length > 0, 15_000, 'the refused confirmation to be recorded');
    const [row] = await failures();
    expect(row).toMatchObject({ kind: 'subscriber-confirmation', recipient: 'r…@inbox.example', seen_at: null });
    expect(row!.error).toMatch(/^554 /);
    expect(Date.now() - Date.parse(row!.at)).toBeLessThan(60_000);
    expect(sink.received).toHaveLength(0);
  });

  it('shows the owner a notice on the newsroom home and the list, with the address masked', async () => {
    const home = await get('/admin', 'owner');
    expect(home.statusCode).toBe(200);
    expect(home.body).toMatch(/1 mail could not be sent/);
    expect(home.body).toContain('href="/admin/mail-problems"');
    const list = await get('/admin/mail-problems', 'owner');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Subscriber confirmation');
    expect(list.body).toContain('r…@inbox.example');
    expect(list.body).toMatch(/554 /);
    expect(list.body).not.toContain(READER);
  });

  it('shows admins the same, and an editor neither the notice, the link nor the list', async () => {
    expect((await get('/admin/mail-problems', 'admin')).statusCode).toBe(200);
    expect((await get('/admin', 'admin')).body).toMatch(/could not be sent/);
    const home = await get('/admin', 'editor');
    expect(home.statusCode).toBe(200);
    expect(home.body).not.toMatch(/could not be sent/);
    expect(home.body).not.toContain('/admin/mail-problems');
    const list = await get('/admin/mail-problems', 'editor');
    expect(list.statusCode).toBe(403);
    expect(list.body).not.toContain('r…@inbox.example');
    const mark = await app.inject({
      method: 'POST',
      url: '/admin/mail-problems/seen',
      cookies: { masthead_session: cookies.editor! },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(home.body) }).toString(),
    });
    expect(mark.statusCode).toBe(403);
    expect((await failures())[0]!.seen_at).toBeNull();
  });

  it('records a refused password reset for the owner too', async () => {
    const before = (await failures()).length;
    await app.inject({
      method: 'POST',
      url: '/admin/reset',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: 'owner@example.org' }).toString(),
    });
    await waitUntil(async () => (await failures()).length > before, 15_000, 'the refused reset mail to be recorded');
    const [row] = await failures();
    expect(row!.recipient).toBe('o…@example.org');
    expect(row!.error).toMatch(/^554 /);
  });

  it('records a refused newsletter test, and leaves a newsletter delivery to its own row', async () => {
    const before = (await failures()).length;
    const logged = withFailureLog(mailer, store.db);
    const raw = Buffer.from('From: news@example.org\r\nTo: editor@example.org\r\nSubject: [Test] Weekly\r\n\r\nHello\r\n');
    await expect(logged.sendRaw('editor@example.org', raw, { kind: 'newsletter-test' })).rejects.toMatchObject({ responseCode: 554 });
    await expect(logged.sendRaw('reader1@inbox.example', raw)).rejects.toMatchObject({ responseCode: 554 });
    const rows = await failures();
    expect(rows).toHaveLength(before + 1);
    expect(rows[0]).toMatchObject({ kind: 'newsletter-test', recipient: 'e…@example.org' });
  });

  it('lets the owner mark the list as read: the notice goes, the rows stay', async () => {
    const home = await get('/admin', 'owner');
    const mark = await app.inject({
      method: 'POST',
      url: '/admin/mail-problems/seen',
      cookies: { masthead_session: cookies.owner! },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(home.body) }).toString(),
    });
    expect(mark.statusCode).toBe(303);
    expect((await get('/admin', 'owner')).body).not.toMatch(/could not be sent/);
    const list = await get('/admin/mail-problems', 'owner');
    expect(list.body).toContain('r…@inbox.example');
    expect(list.body).toContain('All marked as read.');
  });

  it(`keeps the newest ${MAIL_FAILURES_KEPT} failures and none older than 30 days`, async () => {
    const now = Date.now();
    const already = (await store.db.selectFrom('mail_failures').select('id').execute()).length;
    const row = (at: number, error: string) => ({ at: new Date(at).toISOString(), kind: 'account', recipient: 'y…@new.example', error });
    // Written in one statement; the next recorded failure prunes.
    await store.db
      .insertInto('mail_failures')
      .values([row(now - 31 * 86_400_000, 'old'), ...Array.from({ length: MAIL_FAILURES_KEPT + 4 }, (_, i) => row(now + i, `n${i}`))])
      .execute();
    expect((await failures()).length).toBe(MAIL_FAILURES_KEPT);
    expect(await store.db.selectFrom('mail_failures').select('id').execute()).toHaveLength(already + 1 + MAIL_FAILURES_KEPT + 4);
    await insertMailFailure(store.db, row(now + MAIL_FAILURES_KEPT + 4, `n${MAIL_FAILURES_KEPT + 4}`));
    const rows = await failures();
    expect(rows).toHaveLength(MAIL_FAILURES_KEPT);
    expect(rows[0]!.error).toBe(`n${MAIL_FAILURES_KEPT + 4}`);
    expect(rows.some((r) => r.error === 'old')).toBe(false);
  });

  it('masks an address to its first character and its domain', () => {
    expect(maskAddress('ana.lopez@example.org')).toBe('a…@example.org');
    expect(maskAddress('Ñandú@example.org')).toBe('Ñ…@example.org');
    expect(maskAddress('not-an-address')).toBe('n…');
  });
});

function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}
