import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { renderIssue } from '../../src/newsletter/issue-content.js';
import { draftRoundup } from '../../src/newsletter/roundup.js';
import { UNSUBSCRIBE_URL_MARKER } from '../../src/newsletter/unsubscribe-link.js';
import { openStore, type Store } from '../../src/store/store.js';
import { validateHtml } from '../helpers/html.js';
import { addStaff, signIn, type StaffSession } from '../helpers/newsroom.js';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { countRows } from '../helpers/rows.js';

// The newsletter composer (issue 4, items 3, 4 and 7) over real HTTP on both engines,
// with a real SMTP server for the test send: the round-up draft, story changes with
// revision checks, previews, the test mail as it arrives, scheduling and cancelling,
// access and CSRF refusals, and the public web version.

/**
 * The email and its web version are held to html-validate minus three style preferences
 * that mail cannot follow: styles must be inline (Gmail and Outlook drop much of a
 * <style> block), Outlook's fixed-width table hides in a conditional comment, and the
 * wrapper is <div role="article"> because not every mail client keeps <article>.
 */
const MAIL_PREFERENCES = new Set(['no-inline-style', 'no-conditional-comment', 'prefer-native-element']);
const validateMail = async (html: string, name: string) => (await validateHtml(html, name)).filter((p) => !MAIL_PREFERENCES.has(p.rule));

const XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>';
const ADDRESS = '12 Harbour Lane\nPortsmouth PO1 2AB';

describe.each(engines())('the newsletter composer on %s', (engine) => {
  let sink: SmtpSink;
  let site: Masthead;
  let store: Store;
  let editor: StaffSession;
  let author: StaffSession;
  let recent: Array<{ id: number; slug: string; title: string; section: string | null }>;

  const issueRow = (id: number) => store.db.selectFrom('newsletter_issues').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const storyIds = async (id: number) =>
    (
      await store.db.selectFrom('newsletter_issue_stories').select('article_id').where('issue_id', '=', id).orderBy('position').execute()
    ).map((r) => r.article_id);
  const idFrom = (location: string | null) => Number(/\/admin\/newsletters\/issues\/(\d+)/.exec(location ?? '')?.[1]);

  beforeAll(async () => {
    sink = await startSmtpSink();
    site = await startMasthead({ engine, bundle: referenceBundle, env: { SMTP_URL: sink.url } });
    await addStaff(site, { email: 'editor@example.test', name: 'Ed Editor', role: 'editor' });
    await addStaff(site, { email: 'owner@example.test', name: 'Olive Owner', role: 'owner' });
    await addStaff(site, { email: 'author@example.test', name: 'Avery Author', role: 'author' });
    editor = await signIn(site.url, 'editor@example.test');
    author = await signIn(site.url, 'author@example.test');
    store = await openStore(parseDatabaseUrl(site.env.DATABASE_URL!));
    // The reference stories are from 2025: four of them become this week's news.
    const picked = await store.db
      .selectFrom('articles')
      .select(['id', 'slug', 'title'])
      .where('status', '=', 'published')
      .orderBy('id')
      .limit(4)
      .execute();
    const hour = 3_600_000;
    for (const [index, story] of picked.entries()) {
      await store.db
        .updateTable('articles')
        .set({ published_at: new Date(Date.now() - (index + 1) * 20 * hour).toISOString() })
        .where('id', '=', story.id)
        .execute();
    }
    const sections = await store.db
      .selectFrom('article_sections')
      .innerJoin('sections', 'sections.id', 'article_sections.section_id')
      .select(['article_sections.article_id', 'article_sections.position', 'sections.name'])
      .where(
        'article_id',
        'in',
        picked.map((p) => p.id),
      )
      .execute();
    recent = picked.map((p) => ({
      ...p,
      section: sections.filter((s) => s.article_id === p.id).sort((a, b) => a.position - b.position)[0]?.name ?? null,
    }));
    const owner = await signIn(site.url, 'owner@example.test');
    const settings = await owner.get('/admin/settings');
    const field = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(settings.body)?.[1] ?? '';
    const saved = await owner.post('/admin/settings', {
      name: field('name'),
      tagline: field('tagline'),
      time_zone: 'Europe/London',
      locale: 'en-GB',
      social: '',
      newsletter_pitch: '',
      postal_address: ADDRESS,
    });
    expect(saved.status, saved.body.slice(0, 400)).toBe(303);
  });

  afterAll(async () => {
    await store?.close();
    await site?.stop();
    await sink?.close();
  });

  it('keeps the postal address setting, up to 500 characters', async () => {
    const row = await store.db.selectFrom('publication').select('postal_address').executeTakeFirstOrThrow();
    expect(row.postal_address).toBe(ADDRESS);
    const owner = await signIn(site.url, 'owner@example.test');
    const refused = await owner.post('/admin/settings', {
      name: 'X',
      tagline: '',
      time_zone: 'UTC',
      locale: 'en-GB',
      social: '',
      newsletter_pitch: '',
      postal_address: 'a'.repeat(501),
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('must be at most 500 characters');
    expect((await store.db.selectFrom('publication').select(['postal_address', 'name']).executeTakeFirstOrThrow()).postal_address).toBe(
      ADDRESS,
    );
  });

  it('drafts this week’s round-up once, from the week’s stories in section order', async () => {
    const first = await editor.post('/admin/newsletters/weekly/roundup', {});
    expect(first.status).toBe(303);
    expect(first.location).toMatch(/notice=drafted$/);
    const again = await editor.post('/admin/newsletters/weekly/roundup', {});
    expect(again.location).toMatch(/notice=exists$/);
    const id = idFrom(first.location);
    expect(idFrom(again.location)).toBe(id);
    const issue = await issueRow(id);
    expect(issue.status).toBe('draft');
    expect(issue.period).toMatch(/^\d{4}-W\d{2}$/);
    expect(issue.subject).toMatch(/: the week of \d{1,2} [A-Z][a-z]+$/);
    const ids = await storyIds(id);
    expect(new Set(ids)).toEqual(new Set(recent.map((r) => r.id)));
    // Grouped: each section's stories sit together.
    const sectionsInOrder = ids.map((sid) => recent.find((r) => r.id === sid)!.section);
    expect(sectionsInOrder.filter((s, i) => i === 0 || s !== sectionsInOrder[i - 1]).length).toBe(new Set(sectionsInOrder).size);
    const page = await editor.get(`/admin/newsletters/issues/${id}`);
    expect(page.status).toBe(200);
    expect(await validateHtml(page.body)).toEqual([]);
    for (const story of recent)
      expect(page.body).toContain(story.title.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
  });

  it('makes one draft when two ask for the same week at once', async () => {
    const weekly = await store.db.selectFrom('newsletters').select('id').where('slug', '=', 'weekly').executeTakeFirstOrThrow();
    const nextWeek = new Date(Date.now() + 7 * 24 * 3_600_000);
    const results = await Promise.all([
      draftRoundup(store.db, weekly.id, nextWeek),
      draftRoundup(store.db, weekly.id, nextWeek),
      draftRoundup(store.db, weekly.id, nextWeek),
    ]);
    expect(new Set(results.map((r) => r.issueId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const issue = await issueRow(results[0].issueId);
    await store.db.deleteFrom('newsletter_issues').where('id', '=', issue.id).execute();
  });

  it('reorders, removes and adds stories, and refuses a stale revision without changing anything', async () => {
    const id = idFrom((await editor.post('/admin/newsletters/weekly/roundup', {})).location);
    let issue = await issueRow(id);
    const before = await storyIds(id);
    const moved = await editor.post(`/admin/newsletters/issues/${id}/stories`, {
      op: 'down',
      article: String(before[0]),
      revision: String(issue.revision),
    });
    expect(moved.status).toBe(303);
    expect(await storyIds(id)).toEqual([before[1], before[0], ...before.slice(2)]);
    issue = await issueRow(id);
    expect(
      (
        await editor.post(`/admin/newsletters/issues/${id}/stories`, {
          op: 'up',
          article: String(before[0]),
          revision: String(issue.revision),
        })
      ).status,
    ).toBe(303);
    expect(await storyIds(id)).toEqual(before);
    issue = await issueRow(id);
    expect(
      (
        await editor.post(`/admin/newsletters/issues/${id}/stories`, {
          op: 'remove',
          article: String(before[3]),
          revision: String(issue.revision),
        })
      ).status,
    ).toBe(303);
    expect(await storyIds(id)).toEqual(before.slice(0, 3));
    const older = await store.db
      .selectFrom('articles')
      .select('id')
      .where('status', '=', 'published')
      .where('id', 'not in', before)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    issue = await issueRow(id);
    expect(
      (
        await editor.post(`/admin/newsletters/issues/${id}/stories`, {
          op: 'add',
          article: String(older.id),
          revision: String(issue.revision),
        })
      ).status,
    ).toBe(303);
    expect(await storyIds(id)).toEqual([...before.slice(0, 3), older.id]);

    // A tab still holding the old revision: 409, and neither stories nor text change.
    const current = await issueRow(id);
    const staleStories = await editor.post(`/admin/newsletters/issues/${id}/stories`, {
      op: 'remove',
      article: String(before[0]),
      revision: String(issue.revision),
    });
    expect(staleStories.status).toBe(409);
    expect(staleStories.body).toContain('Someone changed this issue after you opened it');
    const staleText = await editor.post(`/admin/newsletters/issues/${id}`, {
      subject: 'Overwritten',
      intro: 'Overwritten',
      revision: String(issue.revision),
    });
    expect(staleText.status).toBe(409);
    expect(await issueRow(id)).toEqual(current);
    expect(await storyIds(id)).toEqual([...before.slice(0, 3), older.id]);

    const bad = await editor.post(`/admin/newsletters/issues/${id}`, {
      subject: 'Two\nlines',
      intro: '',
      revision: String(current.revision),
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('must be one line');
    expect(await issueRow(id)).toEqual(current);
  });

  it('previews HTML and plain text with everything escaped, and mails a test that arrives whole', async () => {
    // The same week's draft as above (the round-up exists once per week).
    const id = idFrom((await editor.post('/admin/newsletters/weekly/roundup', {})).location);
    const inIssue = await store.db
      .selectFrom('articles')
      .select('slug')
      .where('id', 'in', await storyIds(id))
      .execute();
    expect(inIssue.length).toBeGreaterThan(2);
    const issue = await issueRow(id);
    const saved = await editor.post(`/admin/newsletters/issues/${id}`, {
      subject: `Week ${XSS}`,
      intro: `Hello ${XSS}\n\nSecond paragraph.`,
      revision: String(issue.revision),
    });
    expect(saved.status).toBe(303);

    const html = await editor.get(`/admin/newsletters/issues/${id}/preview.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(html.body).not.toMatch(/<script|<img src=x/i);
    expect(html.body).toContain('Hello &lt;script&gt;');
    expect(html.body).not.toContain(UNSUBSCRIBE_URL_MARKER);
    expect(html.body).toContain(`href="${site.url}/newsletter"`);
    expect(await validateMail(html.body, 'preview.html')).toEqual([]);
    const text = await editor.get(`/admin/newsletters/issues/${id}/preview.txt`);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text.body).toContain(`Hello ${XSS}`);
    expect(text.body).toContain(`${site.url}/${inIssue[0]!.slug}`);
    const editorPage = await editor.get(`/admin/newsletters/issues/${id}`);
    expect(editorPage.body).not.toContain('<script>alert');

    const sent = await editor.post(`/admin/newsletters/issues/${id}/test`, {});
    expect(sent.status).toBe(303);
    const mail = await sink.waitFor('editor@example.test', 15_000);
    expect(mail.parsed.subject).toBe(`[Test] Week ${XSS}`);
    // The test is the subscribers' message: same headers, links that name nobody.
    expect(mail.raw.toString()).toMatch(/\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n/);
    expect(mail.raw.toString()).toContain(`List-Unsubscribe: <${site.url}/newsletter>,`);
    const body = String(mail.parsed.html);
    expect(body).toMatch(/^<!DOCTYPE html>/);
    expect(body).not.toMatch(/<script|<img src=x/i);
    expect(body).toContain('12 Harbour Lane<br>Portsmouth PO1 2AB');
    for (const [, url = ''] of body.matchAll(/(?:href|src)="([^"]+)"/g))
      expect(url.startsWith(`${site.url}/`) || url === site.url).toBe(true);
    // A draft has no public web version yet: "View in your browser" is a signed preview (issue 13).
    const browserLink = new RegExp(`href="(${site.url}/admin/preview/newsletter/${id}\\?expires=\\d+&amp;sig=[\\w-]+)"`).exec(body)?.[1];
    expect(browserLink, 'the "View in your browser" link').toBeTruthy();
    expect((await fetch(browserLink!.replaceAll('&amp;', '&'))).status).toBe(200);
    for (const story of inIssue) expect(body).toContain(`href="${site.url}/${story.slug}"`);
    expect(body).not.toContain(UNSUBSCRIBE_URL_MARKER);
    expect(mail.parsed.text).toContain('12 Harbour Lane\nPortsmouth PO1 2AB');
    expect(mail.parsed.text).toContain(`${site.url}/${inIssue[0]!.slug}`);
    expect(mail.parsed.text).toContain(`Unsubscribe from Weekly round-up:\n${site.url}/newsletter`);
  });

  it('schedules an issue in the publication’s zone with a send job, and cancels it', async () => {
    const id = idFrom((await editor.post('/admin/newsletters/weekly/roundup', {})).location);
    const issue = await issueRow(id);
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/London', dateStyle: 'short', timeStyle: 'short' })
      .format(tomorrow)
      .replace(' ', 'T');
    const scheduled = await editor.post(`/admin/newsletters/issues/${id}/schedule`, {
      when: 'later',
      send_at: wall,
      revision: String(issue.revision),
    });
    expect(scheduled.status, scheduled.body.slice(0, 300)).toBe(303);
    const row = await issueRow(id);
    expect(row.status).toBe('scheduled');
    expect(Math.abs(new Date(row.send_at!).getTime() - tomorrow.getTime())).toBeLessThan(60_000);
    const jobs = await site.cli(['jobs']);
    expect(jobs.stdout).toContain('newsletter.send');
    const job = await store.db
      .selectFrom('jobs')
      .selectAll()
      .where('dedupe_key', '=', `newsletter-send:issue:${id}`)
      .executeTakeFirstOrThrow();
    expect(job.state).toBe('queued');

    // Read-only while scheduled: a save is refused with nothing changed.
    const refused = await editor.post(`/admin/newsletters/issues/${id}`, {
      subject: 'Late change',
      intro: '',
      revision: String(row.revision),
    });
    expect(refused.status).toBe(409);
    expect((await issueRow(id)).subject).toBe(row.subject);

    const cancelled = await editor.post(`/admin/newsletters/issues/${id}/cancel`, {});
    expect(cancelled.status).toBe(303);
    expect((await issueRow(id)).status).toBe('draft');
    expect((await store.db.selectFrom('jobs').select('state').where('id', '=', job.id).executeTakeFirstOrThrow()).state).toBe('cancelled');
  });

  it('refuses to send an issue without stories, with a readable reason', async () => {
    const created = await editor.post('/admin/newsletters/weekly/issues', { subject: 'Special edition' });
    expect(created.status).toBe(303);
    const id = idFrom(created.location);
    const issue = await issueRow(id);
    const now = await editor.post(`/admin/newsletters/issues/${id}/schedule`, {
      when: 'now',
      revision: String(issue.revision),
      confirm: 'yes',
    });
    expect(now.status).toBe(400);
    expect(now.body).toContain('The issue has no stories');
    expect((await issueRow(id)).status).toBe('draft');
  });

  it('creates and edits lists, refusing a taken slug', async () => {
    const form = {
      name: 'QiOSK daily',
      slug: 'qiosk-daily',
      description: 'Briefs, daily.',
      draft_weekday: '1',
      draft_time: '07:30',
      max_per_second: '20',
    };
    expect((await editor.post('/admin/newsletters', form)).status).toBe(303);
    const taken = await editor.post('/admin/newsletters', { ...form, name: 'Again' });
    expect(taken.status).toBe(409);
    expect(await store.db.selectFrom('newsletters').select('name').where('slug', '=', 'qiosk-daily').execute()).toEqual([
      { name: 'QiOSK daily' },
    ]);
    expect((await editor.post('/admin/newsletters/qiosk-daily', { ...form, roundup: 'on', max_per_second: '' })).status).toBe(303);
    const list = await store.db.selectFrom('newsletters').selectAll().where('slug', '=', 'qiosk-daily').executeTakeFirstOrThrow();
    expect([list.roundup, list.draft_weekday, list.draft_time, list.max_per_second]).toEqual([1, 1, '07:30', null]);
    const page = await editor.get('/admin/newsletters');
    expect(page.status).toBe(200);
    expect(page.body).toContain('QiOSK daily');
    expect(await validateHtml(page.body)).toEqual([]);
  });

  it('refuses authors and forms without the CSRF token, changing nothing', async () => {
    const count = () => countRows(store.db, 'newsletter_issues');
    const before = await count();
    expect((await author.get('/admin/newsletters')).status).toBe(403);
    expect((await author.post('/admin/newsletters/weekly/issues', { subject: 'Mine' })).status).toBe(403);
    expect((await editor.post('/admin/newsletters/weekly/issues', { subject: 'No token' }, { csrf: null })).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('publishes the web version only once the send has started, and shows delivery counts', async () => {
    const id = idFrom((await editor.post('/admin/newsletters/weekly/roundup', {})).location);
    expect((await fetch(`${site.url}/newsletter/issues/${id}`)).status).toBe(404);
    expect((await fetch(`${site.url}/newsletter/issues/nope`)).status).toBe(404);

    // What the sender does when a send starts: freeze the rendering into the row.
    const frozen = await renderIssue(store.db, id, { siteUrl: site.url });
    await store.db
      .updateTable('newsletter_issues')
      .set({
        status: 'sent',
        html: frozen.html,
        text: frozen.text,
        started_at: new Date().toISOString(),
        finished_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    const now = new Date().toISOString();
    const deliveries = [
      ['a@example.test', 'sent', now],
      ['b@example.test', 'sent', null],
      ['c@example.test', 'uncertain', null],
      ['d@example.test', 'bounced', null],
    ] as const;
    for (const [email, state, unsubscribed] of deliveries) {
      await store.db
        .insertInto('newsletter_deliveries')
        .values({ issue_id: id, email, state, next_attempt_at: now, unsubscribed_at: unsubscribed })
        .execute();
    }

    const web = await fetch(`${site.url}/newsletter/issues/${id}`);
    const body = await web.text();
    expect(web.status).toBe(200);
    expect(web.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'none'/);
    expect(body).not.toContain(UNSUBSCRIBE_URL_MARKER);
    expect(body).toContain(`href="${site.url}/newsletter"`);
    expect(await validateMail(body, 'web-version.html')).toEqual([]);

    const page = await editor.get(`/admin/newsletters/issues/${id}`);
    const cells = (label: string) => new RegExp(`<th scope="row">${label}</th><td>(\\d+)</td>`).exec(page.body)?.[1];
    expect([cells('Recipients'), cells('Sent'), cells('Uncertain'), cells('Bounced'), cells('Unsubscribed through this issue')]).toEqual([
      '4',
      '2',
      '1',
      '1',
      '1',
    ]);
    expect(page.body).toContain('c@example.test');
    expect(page.body).toContain('may or may not have');
    expect(page.body).not.toContain('name="subject"');
  });
});
