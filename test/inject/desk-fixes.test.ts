import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMailFailures } from '../../src/store/mail/mail-failure-repository.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { countRows } from '../helpers/rows.js';
import { referenceBundle } from '../helpers/server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { waitUntil } from '../helpers/wait-until.js';
import { draftIssue, seedConfirmedSubscribers } from '../helpers/newsletter.js';

// Issue 13, "Fix first", in one app (sqlite, the reference bundle, a real SMTP server):
// - a new writer must not publish without a byline. The checklist blocks a story with
//   none (API and newsroom alike); a new staff account gets its own author profile by
//   default, which their new stories carry; the invitation is mailed (a refused mail is
//   a mail problem), the person is "Invited" until they set up their account, and
//   setting it up signs them in;
// - a newsletter's "Send now" takes a ticked box naming how many people it reaches, and
//   the server refuses the send without it; a draft's test mail links "View in your
//   browser" to a signed preview instead of the public web version (a 404 until sent).

const ORIGIN = 'http://127.0.0.1';
const PASSWORD = 'a long enough test password';
const ADMIN = 'admin@example.org';
const REFUSING = 'refused.invitee@example.org';
const BYLINE = 'A byline (at least one author)';
const READY = {
  dek: 'A dek.',
  format: 'reporting',
  sections: ['europe'],
  image: 'paris-quai',
  body: { format: 'markdown', source: 'The talks **resumed** on Tuesday.' },
};
const FORM = {
  dek: 'A dek.',
  format: 'reporting',
  primary_section: 'europe',
  image: 'paris-quai',
  body: JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The talks resumed.' }] }] }),
};

let site: NewsroomSite;
let sink: SmtpSink;
let admin: string;

const request = (method: 'GET' | 'POST', url: string, cookie: string | null, form?: Record<string, string>) =>
  site.app.inject({
    method,
    url,
    ...(cookie && { cookies: { masthead_session: cookie } }),
    ...(form && {
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    }),
  });
const csrfOf = async (cookie: string) => /name="_csrf" value="([^"]+)"/.exec((await request('GET', '/admin', cookie)).body)?.[1] ?? '';
const post = async (cookie: string, url: string, form: Record<string, string>) =>
  request('POST', url, cookie, { ...form, _csrf: await csrfOf(cookie) });
const signIn = async (email: string, password = PASSWORD) => {
  const answer = await request('POST', '/admin/login', null, { email, password });
  expect(answer.statusCode, answer.body.slice(0, 300)).toBe(303);
  return answer.cookies.find((c) => c.name === 'masthead_session')!.value;
};
const staffRow = (email: string) => site.store.db.selectFrom('staff').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
const statusCell = (page: string, name: string) => new RegExp(`${name}</a></th>(?:<td>[^<]*</td>){3}<td>([^<]*)</td>`).exec(page)?.[1];

beforeAll(async () => {
  sink = await startSmtpSink({ rcptReply: (address) => (address === REFUSING ? 550 : undefined) });
  site = await startNewsroomSite({ engine: 'sqlite', bundle: referenceBundle, smtpUrl: sink.url });
  await addStaffRow(site.store, { email: ADMIN, name: 'Ada Admin', role: 'admin', password: PASSWORD });
  admin = await signIn(ADMIN);
});
afterAll(async () => {
  await site?.close();
  await sink?.close();
});

describe('new staff and their bylines', () => {
  it('blocks a story without a byline from going live, through the API and the newsroom, and stores nothing', async () => {
    const before = await countRows(site.store.db, 'articles');
    const refused = await site.api('POST', '/api/admin/articles', { title: 'Nobody wrote this', ...READY, status: 'published' });
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ error: { code: 'CHECKLIST', details: { missing: [BYLINE] } } });
    expect(await countRows(site.store.db, 'articles')).toBe(before);

    // The admin has no author profile, so the newsroom's new story has no byline either.
    const created = await post(admin, '/admin/stories', { title: 'Unsigned from the newsroom', ...FORM });
    expect(created.statusCode, created.body.slice(0, 300)).toBe(303);
    const id = Number(/\/admin\/stories\/(\d+)/.exec(created.headers.location as string)![1]);
    const editor = await request('GET', `/admin/stories/${id}`, admin);
    expect(editor.body).toContain(BYLINE);
    const move = await post(admin, `/admin/stories/${id}/move`, { move: 'publish' });
    expect(move.statusCode).toBe(422);
    expect(move.body).toContain(BYLINE);
    expect((await site.app.inject({ url: '/unsigned-from-the-newsroom' })).statusCode).toBe(404);
    // With a byline the same story goes live.
    const signed = await site.api('POST', '/api/admin/articles', {
      title: 'Signed',
      ...READY,
      authors: ['jane-okafor'],
      status: 'published',
    });
    expect(signed.status, JSON.stringify(signed.json)).toBe(201);
  });

  it('invites a writer by mail with an author profile, shows them Invited until they set up, then signs them in', async () => {
    const page = await post(admin, '/admin/staff', { name: 'Wendy Writer', email: 'wendy@example.org', role: 'author', byline: 'yes' });
    expect(page.statusCode, page.body.slice(0, 500)).toBe(201);
    const link = (/id="issued-link"[^>]*value="([^"]+)"/.exec(page.body)?.[1] ?? '').replaceAll('&amp;', '&');
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1\/admin\/reset\?token=/);
    expect(page.body).toContain('data-copy="issued-link"');
    expect(page.body).toContain('An invitation with this link is on its way to wendy@example.org');
    expect(page.body).not.toMatch(/you never see or send it|Sign-in link/);
    expect(statusCell(page.body, 'Wendy Writer')).toBe('Invited');
    expect(page.body).toMatch(/Wendy Writer<\/a><\/th><td>wendy@example.org<\/td><td>Author<\/td><td>Wendy Writer</);

    const wendy = await staffRow('wendy@example.org');
    const profile = await site.store.db.selectFrom('authors').selectAll().where('id', '=', wendy.author_id).executeTakeFirstOrThrow();
    expect(profile).toMatchObject({ slug: 'wendy-writer', name: 'Wendy Writer' });

    const mail = await sink.waitFor('wendy@example.org', 15_000);
    expect(mail.parsed.subject).toMatch(/invited to the .* newsroom/);
    expect(mail.parsed.text).toContain('Ada Admin invited you');
    expect(mail.parsed.text).toContain(link);

    const setup = await request('GET', link.replace(ORIGIN, ''), null);
    expect(setup.statusCode).toBe(200);
    expect(setup.body).toContain('Set up your account');
    expect(setup.body).toContain('Welcome, Wendy Writer.');
    expect(setup.body).not.toMatch(/new password/i);
    const token = new URL(link).searchParams.get('token')!;
    const short = await request('POST', '/admin/reset/confirm', null, { token, password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Set up your account');
    expect((await staffRow('wendy@example.org')).password_set_at).toBeNull();

    const done = await request('POST', '/admin/reset/confirm', null, { token, password: 'wendy chooses a long one' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/admin');
    const session = done.cookies.find((c) => c.name === 'masthead_session')?.value;
    expect(session).toBeTruthy();
    expect((await request('GET', '/admin', session!)).statusCode).toBe(200);
    expect(statusCell((await request('GET', '/admin/staff', admin)).body, 'Wendy Writer')).toBe('Active');

    // Her new story carries her own byline without her choosing it.
    const story = await post(session!, '/admin/stories', { title: 'Wendy files her first story', ...FORM });
    expect(story.statusCode, story.body.slice(0, 300)).toBe(303);
    const stored = await site.store.db
      .selectFrom('articles')
      .innerJoin('article_authors', 'article_authors.article_id', 'articles.id')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select('authors.slug')
      .where('articles.slug', '=', 'wendy-files-her-first-story')
      .execute();
    expect(stored.map((row) => row.slug)).toEqual(['wendy-writer']);
  });

  it('makes no author profile when the box is unticked, and lists a refused invitation as a mail problem', async () => {
    const authors = await countRows(site.store.db, 'authors');
    const page = await post(admin, '/admin/staff', { name: 'Rafa Refused', email: REFUSING, role: 'contributor' });
    expect(page.statusCode).toBe(201);
    expect(await countRows(site.store.db, 'authors')).toBe(authors);
    expect((await staffRow(REFUSING)).author_id).toBeNull();
    await waitUntil(async () => (await listMailFailures(site.store.db)).length > 0, 15_000, 'the refused invitation recorded');
    expect(await listMailFailures(site.store.db)).toEqual([expect.objectContaining({ kind: 'staff-setup', recipient: 'r…@example.org' })]);
  });

  it('lands a person who reset their password on the sign-in page with a success message', async () => {
    const page = await post(admin, `/admin/staff/${(await staffRow('wendy@example.org')).id}/link`, {});
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Copy this link and give it to Wendy Writer');
    const token = new URL(/id="issued-link"[^>]*value="([^"]+)"/.exec(page.body)![1]!.replaceAll('&amp;', '&')).searchParams.get('token')!;
    expect((await request('GET', `/admin/reset?token=${token}`, null)).body).toContain('Choose a new password');
    const done = await request('POST', '/admin/reset/confirm', null, { token, password: 'wendy changes it again' });
    expect(done.headers.location).toBe('/admin/login?notice=password-saved');
    expect((await request('GET', String(done.headers.location), null)).body).toContain('Your new password is saved.');
  });

  it('sends an invited person with two-factor on to the sign-in page with a success message instead of signing them in', async () => {
    const page = await post(admin, '/admin/staff', { name: 'Tess Twofactor', email: 'tess@example.org', role: 'author', byline: 'yes' });
    const token = new URL(/id="issued-link"[^>]*value="([^"]+)"/.exec(page.body)![1]!.replaceAll('&amp;', '&')).searchParams.get('token')!;
    const at = new Date().toISOString();
    const tess = await staffRow('tess@example.org');
    await site.store.db
      .insertInto('staff_two_factor')
      .values({ staff_id: tess.id, secret: 'x', enabled_at: at, last_used_step: null, created_at: at })
      .execute();
    const done = await request('POST', '/admin/reset/confirm', null, { token, password: 'tess chooses a long one' });
    expect(done.headers.location).toBe('/admin/login?notice=account-ready');
    expect(done.cookies.find((c) => c.name === 'masthead_session')?.value ?? '').toBe('');
    expect((await request('GET', '/admin/login?notice=account-ready', null)).body).toContain('Your account is set up.');
    expect((await staffRow('tess@example.org')).password_set_at).not.toBeNull();
  });
});

describe('sending a newsletter issue from the newsroom', () => {
  let issueId: number;
  const get = (url: string, withSession = true) => request('GET', url, withSession ? admin : null);
  const issue = () => site.store.db.selectFrom('newsletter_issues').selectAll().where('id', '=', issueId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    await seedConfirmedSubscribers(site.store.db, 1234);
    issueId = await draftIssue(site.store.db, { subject: 'Harbour week' });
  });

  it("links the draft's test mail to a signed preview that works without signing in, and only for that issue", async () => {
    expect((await post(admin, `/admin/newsletters/issues/${issueId}/test`, {})).statusCode).toBe(303);
    const mail = await sink.waitFor(ADMIN, 15_000);
    const html = String(mail.parsed.html).replaceAll('&amp;', '&');
    const link = new RegExp(`href="(${ORIGIN}/admin/preview/newsletter/${issueId}\\?expires=\\d+&sig=[\\w-]+)"`).exec(html)?.[1];
    expect(link, 'the "View in your browser" link').toBeTruthy();
    expect(mail.parsed.text).toContain(link!);
    // The public web version stays a 404 while the issue is a draft.
    expect((await get(`/newsletter/issues/${issueId}`, false)).statusCode).toBe(404);

    const preview = await get(link!.replace(ORIGIN, ''), false);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Harbour week');
    expect(preview.headers['content-security-policy']).toContain("script-src 'none'");
    expect(preview.headers['cache-control']).toBe('private, no-store');
    const url = new URL(link!);
    const tampered = `${url.pathname}?expires=${url.searchParams.get('expires')}&sig=${url.searchParams.get('sig')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`;
    expect((await get(tampered, false)).statusCode).toBe(404);
    const later = `${url.pathname}?expires=${Number(url.searchParams.get('expires')) + 1}&sig=${url.searchParams.get('sig')}`;
    expect((await get(later, false)).statusCode).toBe(404);
    const otherIssue = await draftIssue(site.store.db, { subject: 'Another week' });
    expect((await get(`/admin/preview/newsletter/${otherIssue}${url.search}`, false)).statusCode).toBe(404);
  });

  it('asks to confirm "Send now" with the recipient count, and sends nothing without it', async () => {
    const page = await get(`/admin/newsletters/issues/${issueId}`);
    expect(page.body).toMatch(/<input type="checkbox" id="send-now-confirm" name="confirm" value="yes" required(="")?\/?>/);
    expect(page.body).toContain('Send to 1,234 subscribers of Weekly round-up now');
    const { revision } = await issue();
    const jobs = await countRows(site.store.db, 'jobs');

    const unconfirmed = await post(admin, `/admin/newsletters/issues/${issueId}/schedule`, { when: 'now', revision: String(revision) });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('tick the box that confirms sending to every subscriber; nothing was sent');
    expect(await issue()).toMatchObject({ status: 'draft', revision, send_at: null });
    expect(await countRows(site.store.db, 'jobs')).toBe(jobs);

    const confirmed = await post(admin, `/admin/newsletters/issues/${issueId}/schedule`, {
      when: 'now',
      revision: String(revision),
      confirm: 'yes',
    });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`/admin/newsletters/issues/${issueId}?notice=sending`);
    expect((await issue()).status).not.toBe('draft');
    expect(await countRows(site.store.db, 'jobs')).toBeGreaterThan(jobs);
  });
});
