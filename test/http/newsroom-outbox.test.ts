import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateHtml } from '../helpers/html.js';
import { draftIssue, openDatabaseOf, seedConfirmedSubscribers } from '../helpers/newsletter.js';
import { addStaff, postForm, signIn, type StaffSession } from '../helpers/newsroom.js';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { waitUntil } from '../helpers/wait-until.js';

// SPEC §2: with SMTP_URL unset, mail is written as .eml files and listed in the newsroom.
// Only the owner may read the list: it holds other people's password-reset links.

const ROLES = ['contributor', 'editor', 'admin', 'owner'] as const;
const fileLinks = (html: string) => [...html.matchAll(/href="\/admin\/outbox\/([^"]+)"/g)].map((m) => m[1]!);
const rowCount = (html: string) => (/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').split('<tr>').length - 1;

describe.each(engines())('the outbox in the newsroom on %s', (engine) => {
  let masthead: Masthead;
  let outbox: string;
  const sessions = {} as Record<(typeof ROLES)[number], StaffSession>;

  beforeAll(async () => {
    masthead = await startMasthead({ engine, bundle: referenceBundle });
    outbox = path.join(masthead.dataDir, 'data', 'outbox');
    for (const role of ROLES) await addStaff(masthead, { email: `${role}@example.com`, name: `The ${role}`, role });
    for (const role of ROLES) sessions[role] = await signIn(masthead.url, `${role}@example.com`);
    // Mail the way a person makes it: a password reset asked for at the sign-in page.
    const reset = await postForm(masthead.url, '/admin/reset', { email: 'editor@example.com' });
    expect(reset.status).toBe(200);
    // The mail is written after the answer (issue 12, item 6).
    await waitUntil(async () => (await readdir(outbox).catch(() => [])).length > 0, 15_000, 'the reset mail in the outbox');
  }, 60_000);
  afterAll(() => masthead?.stop());

  it('shows the owner the reset mail, its link as escaped text, on a valid private page', async () => {
    const list = await sessions.owner.get('/admin/outbox');
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('private, no-store');
    expect(list.body).toMatch(/<a href="\/admin\/outbox" aria-current="page">Outbox<\/a>/);
    expect(list.body).toContain('editor@example.com');
    expect(list.body).toMatch(/Reset your .+ newsroom password/);
    expect(await validateHtml(list.body)).toEqual([]);

    const [file] = fileLinks(list.body);
    expect(file).toMatch(/^[0-9TZ-]+-[0-9a-f]{8}\.eml$/);
    const message = await sessions.owner.get(`/admin/outbox/${file}`);
    expect(message.status).toBe(200);
    expect(message.headers.get('cache-control')).toBe('private, no-store');
    expect(message.body).toMatch(new RegExp(`<pre class="mail-source">[^<]*${masthead.url}/admin/reset\\?token=[A-Za-z0-9_-]{20,}`));
    // Text is escaped (preact leaves '>' as is, which text content allows); the link is
    // text to copy, never a link the newsroom renders.
    expect(message.body).not.toContain(`href="${masthead.url}/admin/reset`);
    expect(message.body).toMatch(/<dt>Message-ID<\/dt><dd><code>&lt;[^<]+@[^<]+><\/code>/);
    expect(await validateHtml(message.body)).toEqual([]);
  });

  it('shows a newsletter message with its List-Unsubscribe header and its HTML only as escaped source', async () => {
    const store = await openDatabaseOf(masthead);
    try {
      await seedConfirmedSubscribers(store.db, 2);
      await draftIssue(store.db, { subject: 'Outbox <b>week</b> & more' });
    } finally {
      await store.close();
    }
    const sent = await masthead.cli(['newsletter', 'send', '--newsletter', 'weekly']);
    expect(sent.code, `${sent.stdout}\n${sent.stderr}`).toBe(0);
    await expect.poll(async () => (await readdir(outbox)).length, { timeout: 15_000 }).toBe(3);

    const list = await sessions.owner.get('/admin/outbox');
    expect(list.body).toContain('Outbox &lt;b>week&lt;/b> &amp; more');
    expect(list.body).toContain('reader000001@inbox.example');
    const file = fileLinks(list.body).find((f) => list.body.includes(`href="/admin/outbox/${f}">Outbox &lt;b>`))!;
    const message = await sessions.owner.get(`/admin/outbox/${file}`);
    expect(message.status).toBe(200);
    expect(message.body).toMatch(
      /<dt>List-Unsubscribe<\/dt><dd><code class="mail-source">&lt;https?:\/\/[^<]+\/newsletter\/unsubscribe\?token=[^<]+>, &lt;mailto:/,
    );
    const details = /<details class="mail-html">([\s\S]*?)<\/details>/.exec(message.body)?.[1] ?? '';
    expect(details).toContain('&lt;html');
    // Inside the details only our own three elements: the mail's markup is all escaped.
    expect([...details.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1])).toEqual(['summary', 'summary', 'pre', 'code', 'code', 'pre']);
    expect(await validateHtml(message.body)).toEqual([]);
  }, 60_000);

  it.each(['contributor', 'editor', 'admin'] as const)(
    'refuses a %s the list and every message, and shows no Outbox link',
    async (role) => {
      const [file] = fileLinks((await sessions.owner.get('/admin/outbox')).body);
      const list = await sessions[role].get('/admin/outbox');
      expect(list.status).toBe(403);
      expect(list.body).not.toContain('Reset your');
      const message = await sessions[role].get(`/admin/outbox/${file}`);
      expect(message.status).toBe(403);
      expect(message.body).not.toContain('token=');
      expect((await sessions[role].get('/admin')).body).not.toContain('/admin/outbox');
    },
  );

  it('answers 404 to any name that is not an outbox file name, and opens nothing outside the folder', async () => {
    const outside = '2026-01-01T10-00-00-000Z-0badc0de.eml';
    await writeFile(path.join(masthead.dataDir, 'data', outside), 'To: x@example.org\r\nSubject: Outside the outbox\r\n\r\nsecret\r\n', {
      mode: 0o600,
    });
    await writeFile(path.join(outbox, 'notes.txt'), 'Subject: Not an outbox name\r\n\r\nx\r\n', { mode: 0o600 });
    const names = [
      `..%2f${outside}`,
      `..%2F${outside}`,
      `%2e%2e%2f${outside}`,
      '..%2f..%2f..%2fetc%2fpasswd',
      encodeURIComponent(path.join(masthead.dataDir, 'data', outside)),
      'notes.txt',
      '..%2fmasthead.db',
      '2026-01-01T10-00-00-000Z-0badc0de.eml%00',
      '2026-01-01T10-00-00-000Z-0BADC0DE.eml',
      outside, // the right shape, but no such file in the outbox
    ];
    for (const name of names) {
      const answer = await sessions.owner.get(`/admin/outbox/${name}`);
      expect(answer.status, name).toBe(404);
      expect(answer.body, name).not.toContain('Outside the outbox');
    }
    const list = await sessions.owner.get('/admin/outbox');
    expect(list.body).not.toContain('Not an outbox name');
    expect(list.body).toContain('3 messages');
  });

  it('pages through more than fifty messages, newest first', async () => {
    // Older than anything the server wrote: they sort after the three real messages.
    for (let i = 0; i < 60; i++) {
      const minute = String(i).padStart(2, '0');
      await writeFile(
        path.join(outbox, `2025-03-01T09-${minute}-00-000Z-${i.toString(16).padStart(8, '0')}.eml`),
        `From: news@example.org\r\nTo: filler${minute}@example.org\r\nSubject: Filler ${minute}\r\n\r\nbody\r\n`,
        { mode: 0o600 },
      );
    }
    const first = await sessions.owner.get('/admin/outbox');
    expect(first.body).toContain('63 messages');
    expect(rowCount(first.body)).toBe(50);
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body).toContain('<a rel="next" href="/admin/outbox?page=2">Older</a>');
    expect(first.body.indexOf('Reset your')).toBeLessThan(first.body.indexOf('Filler 59'));
    expect(first.body).not.toContain('Filler 12');

    const second = await sessions.owner.get('/admin/outbox?page=2');
    expect(rowCount(second.body)).toBe(13);
    const fillers = [...second.body.matchAll(/Filler (\d\d)/g)].map((m) => m[1]);
    expect(fillers).toEqual(Array.from({ length: 13 }, (_, i) => String(12 - i).padStart(2, '0')));
    expect(second.body).toContain('<a rel="prev" href="/admin/outbox?page=1">Newer</a>');
    expect(await validateHtml(second.body)).toEqual([]);
    // A page past the end, or not a page at all, shows a real page rather than nothing.
    expect(rowCount((await sessions.owner.get('/admin/outbox?page=9')).body)).toBe(13);
    expect(rowCount((await sessions.owner.get('/admin/outbox?page=x')).body)).toBe(50);
  });
});

describe('the outbox when SMTP_URL is set', () => {
  let sink: SmtpSink;
  let masthead: Masthead;
  let owner: StaffSession;

  beforeAll(async () => {
    sink = await startSmtpSink();
    masthead = await startMasthead({ engine: 'sqlite', env: { SMTP_URL: sink.url } });
    await addStaff(masthead, { email: 'owner@example.com', name: 'The owner', role: 'owner' });
    owner = await signIn(masthead.url, 'owner@example.com');
    await postForm(masthead.url, '/admin/reset', { email: 'owner@example.com' });
    await sink.waitFor('owner@example.com');
  }, 60_000);
  afterAll(async () => {
    await masthead?.stop();
    await sink?.close();
  });

  it('says mail goes through the SMTP server, lists nothing and has no Outbox link', async () => {
    const page = await owner.get('/admin/outbox');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Mail goes through the SMTP server');
    expect(page.body).not.toContain('Reset your');
    expect(page.body).not.toContain('href="/admin/outbox"');
    expect(await validateHtml(page.body)).toEqual([]);
    expect((await owner.get('/admin/outbox/2026-01-01T10-00-00-000Z-0badc0de.eml')).status).toBe(404);
  });
});
