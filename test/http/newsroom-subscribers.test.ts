import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { growthWeeks } from '../../src/content/growth-weeks.js';
import { openStore, type Store } from '../../src/store/store.js';
import { validateHtml } from '../helpers/html.js';
import { addStaff, signIn, type StaffSession } from '../helpers/newsroom.js';
import { engines, startMasthead, type Masthead } from '../helpers/server.js';

// The newsroom's subscriber screens (issue 4, item 2) over real HTTP on both engines:
// the list, counts, search and growth chart; CSV import (merge, never revive, all or
// nothing) and export (formula cells neutralised); one person's export and deletion.
// Rows are seeded through a second connection to the same database.

const HOUR = 3_600_000;
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs).toISOString();

describe.each(engines())('newsroom subscribers on %s', (engine) => {
  let site: Masthead;
  let store: Store;
  let editor: StaffSession;
  let author: StaffSession;
  let contributor: StaffSession;

  const db = () => store.db;
  const countSubscribers = async () =>
    Number(
      (
        await db()
          .selectFrom('subscribers')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function seed(
    email: string,
    values: Partial<{
      status: 'pending' | 'confirmed' | 'unsubscribed' | 'bounced' | 'complained';
      created_at: string;
      updated_at: string;
      confirmed_at: string | null;
      unsubscribed_at: string | null;
      consent_at: string | null;
      consent_source: string;
      lists: string[];
    }> = {},
  ): Promise<number> {
    const now = new Date().toISOString();
    const { lists = ['weekly'], ...row } = values;
    const { id } = await db()
      .insertInto('subscribers')
      .values({
        email,
        status: 'confirmed',
        created_at: now,
        updated_at: now,
        confirmed_at: now,
        consent_at: now,
        consent_source: '/newsletter',
        ...row,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const slug of lists) {
      const list = await db().selectFrom('newsletters').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
      await db()
        .insertInto('subscriptions')
        .values({ subscriber_id: id, newsletter_id: list.id, status: 'active', created_at: now, updated_at: now })
        .execute();
    }
    return id;
  }

  async function reset(): Promise<void> {
    await db().deleteFrom('newsletter_deliveries').execute();
    await db().deleteFrom('newsletter_issues').execute();
    await db().deleteFrom('subscribers').execute();
  }

  async function upload(session: StaffSession, csv: string, name = 'list.csv', options: { csrf?: boolean } = {}) {
    const form = new FormData();
    if (options.csrf !== false) form.append('_csrf', await session.csrf());
    form.append('file', new Blob([csv], { type: 'text/csv' }), name);
    const response = await fetch(`${site.url}/admin/subscribers/import`, {
      method: 'POST',
      headers: { cookie: session.cookie, origin: site.url },
      body: form,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    });
    return { status: response.status, body: await response.text() };
  }

  const listsOf = async (email: string) =>
    (
      await db()
        .selectFrom('subscriptions')
        .innerJoin('subscribers', 'subscribers.id', 'subscriptions.subscriber_id')
        .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
        .select(['newsletters.slug', 'subscriptions.status'])
        .where('subscribers.email', '=', email)
        .orderBy('newsletters.slug')
        .execute()
    ).map((r) => `${r.slug}:${r.status}`);

  beforeAll(async () => {
    site = await startMasthead({ engine });
    store = await openStore(parseDatabaseUrl(site.env.DATABASE_URL!));
    await addStaff(site, { email: 'editor@example.test', name: 'Ed Editor', role: 'editor' });
    await addStaff(site, { email: 'author@example.test', name: 'Ann Author', role: 'author' });
    await addStaff(site, { email: 'contrib@example.test', name: 'Cy Contributor', role: 'contributor' });
    editor = await signIn(site.url, 'editor@example.test');
    author = await signIn(site.url, 'author@example.test');
    contributor = await signIn(site.url, 'contrib@example.test');
    await db()
      .insertInto('newsletters')
      .values({ slug: 'daily', name: 'QiOSK daily', position: 1, created_at: new Date().toISOString() })
      .execute();
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await site?.stop();
  });

  it('shows an editor the counts, the lists and a searchable, filtered, paginated list', async () => {
    await reset();
    await seed('a_b@example.org', { lists: ['weekly', 'daily'] });
    await seed('axb@example.org');
    await seed('pending@example.org', { status: 'pending', confirmed_at: null });
    await seed('gone@example.org', { status: 'bounced', lists: [] });
    for (let i = 0; i < 116; i++) await seed(`reader${String(i).padStart(3, '0')}@example.net`, { lists: i % 2 ? ['daily'] : ['weekly'] });

    const page = await editor.get('/admin/subscribers');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.body).toContain('<a href="/admin/subscribers" aria-current="page">Subscribers</a>');
    expect(page.body).toMatch(/data-status="confirmed">Confirmed: <strong>118<\/strong>/);
    expect(page.body).toMatch(/data-status="pending">Pending: <strong>1<\/strong>/);
    expect(page.body).toMatch(/data-status="bounced">Bounced: <strong>1<\/strong>/);
    // Active subscriptions, then confirmed recipients.
    expect(page.body).toMatch(/data-list="weekly"><th scope="row">Weekly round-up<\/th><td>61<\/td><td>60<\/td>/);
    expect(page.body).toMatch(/data-list="daily"><th scope="row">QiOSK daily<\/th><td>59<\/td><td>59<\/td>/);
    expect(page.body).toContain('120 subscribers');
    expect(page.body.match(/href="\/admin\/subscribers\/\d+"/g)).toHaveLength(50);
    expect(page.body).toContain('Page 1 of 3');
    const problems = await validateHtml(page.body, 'subscribers.html');
    expect(problems.map((p) => `${p.line}:${p.column} ${p.rule}: ${p.message}`)).toEqual([]);

    const third = await editor.get('/admin/subscribers?page=3');
    expect(third.body.match(/href="\/admin\/subscribers\/\d+"/g)).toHaveLength(20);
    // Newest first: the first seeded addresses are last.
    expect(third.body.lastIndexOf('a_b@example.org')).toBeGreaterThan(third.body.lastIndexOf('axb@example.org'));

    // "_" is a LIKE wildcard; the search takes it literally.
    const search = await editor.get('/admin/subscribers?q=A_B');
    expect(search.body).toContain('1 subscriber<');
    expect(search.body).toContain('a_b@example.org');
    expect(search.body).not.toContain('axb@example.org');
    expect((await editor.get('/admin/subscribers?q=%25')).body).toContain('0 subscribers');

    const bounced = await editor.get('/admin/subscribers?status=bounced');
    expect(bounced.body).toContain('1 subscriber<');
    expect(bounced.body).toContain('gone@example.org');
    const daily = await editor.get('/admin/subscribers?list=daily&status=confirmed');
    expect(daily.body).toContain('59 subscribers');
    expect(daily.body).toContain('href="/admin/subscribers.csv?status=confirmed&amp;list=daily"');
    // Unknown filter values are ignored, never passed on.
    expect((await editor.get('/admin/subscribers?status=drop&list=nope&page=x')).body).toContain('120 subscribers');
  });

  it('refuses authors and contributors every subscriber screen', async () => {
    const id = await seed(`private${Date.now()}@example.org`);
    for (const session of [author, contributor]) {
      expect((await session.get('/admin')).body).not.toContain('/admin/subscribers');
      for (const path of [
        '/admin/subscribers',
        '/admin/subscribers.csv',
        `/admin/subscribers/${id}`,
        `/admin/subscribers/${id}/export`,
        '/admin/subscribers/import',
      ]) {
        const answer = await session.get(path);
        expect(answer.status, path).toBe(403);
        expect(answer.body).not.toContain('@example.org');
      }
      const before = await countSubscribers();
      expect((await session.post(`/admin/subscribers/${id}/delete`, { confirm: 'yes' })).status).toBe(403);
      expect((await upload(session, 'email,consent\nnew-by-author@example.org,yes\n')).status).toBe(403);
      expect(await countSubscribers()).toBe(before);
    }
  });

  it('refuses a change without the CSRF token and changes nothing', async () => {
    await reset();
    const id = await seed('keep@example.org');
    expect((await editor.post(`/admin/subscribers/${id}/delete`, { confirm: 'yes' }, { csrf: null })).status).toBe(403);
    expect((await editor.post(`/admin/subscribers/${id}/unsubscribe`, {}, { csrf: 'forged' })).status).toBe(403);
    expect((await upload(editor, 'email,consent\nsneaky@example.org,yes\n', 'x.csv', { csrf: false })).status).toBe(403);
    const row = await db().selectFrom('subscribers').select(['email', 'status']).execute();
    expect(row).toEqual([{ email: 'keep@example.org', status: 'confirmed' }]);
  });

  it('imports a CSV file: new addresses confirmed, duplicates merged, departed addresses never revived', async () => {
    await reset();
    await seed('kept@example.org');
    await seed('waiting@example.org', { status: 'pending', confirmed_at: null, consent_at: null });
    await seed('gone@example.org', { status: 'bounced' });
    await seed('angry@example.org', { status: 'complained', lists: [] });
    const leftAt = new Date(Date.now() - 86_400_000).toISOString();
    await seed('left@example.org', { status: 'unsubscribed', unsubscribed_at: leftAt, lists: [] });
    const csv = [
      'email,consent,consented_at,lists,source',
      'New.One@Example.org,yes,2026-01-15,weekly;daily,',
      'new2@example.org,TRUE,,,Spring fair stand',
      'new.one@example.org,1,,daily,',
      'kept@example.org,yes,,daily,',
      'waiting@example.org,yes,,,',
      'gone@example.org,yes,,daily,',
      'angry@example.org,yes,,,',
      'left@example.org,yes,,,',
    ].join('\r\n');
    const answer = await upload(editor, csv, 'members 2026.csv');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('members 2026.csv was imported');
    expect(answer.body).toMatch(/data-count="added">2 new subscribers added/);
    expect(answer.body).toMatch(/data-count="merged">2 addresses were already here/);
    expect(answer.body).toMatch(/data-count="skipped">3 addresses were skipped[^<]*1 unsubscribed, 1 bounced, 1 complained/);
    expect(answer.body).toMatch(/data-count="duplicates">1 line repeated/);
    expect(await validateHtml(answer.body, 'import.html')).toEqual([]);

    const one = await db().selectFrom('subscribers').selectAll().where('email', '=', 'new.one@example.org').executeTakeFirstOrThrow();
    expect(one).toMatchObject({ status: 'confirmed', consent_at: '2026-01-15T00:00:00.000Z', consent_source: 'import: members 2026.csv' });
    expect(one.confirmed_at).not.toBeNull();
    expect(await listsOf('new.one@example.org')).toEqual(['daily:active', 'weekly:active']);
    const two = await db().selectFrom('subscribers').selectAll().where('email', '=', 'new2@example.org').executeTakeFirstOrThrow();
    expect(two.consent_source).toBe('Spring fair stand');
    expect(await listsOf('new2@example.org')).toEqual(['weekly:active']);
    expect(await listsOf('kept@example.org')).toEqual(['daily:active', 'weekly:active']);
    expect(
      await db().selectFrom('subscribers').select('status').where('email', '=', 'waiting@example.org').executeTakeFirstOrThrow(),
    ).toEqual({ status: 'confirmed' });
    const departed = await db()
      .selectFrom('subscribers')
      .select(['email', 'status', 'unsubscribed_at'])
      .where('email', 'in', ['gone@example.org', 'angry@example.org', 'left@example.org'])
      .orderBy('email')
      .execute();
    expect(departed).toEqual([
      { email: 'angry@example.org', status: 'complained', unsubscribed_at: null },
      { email: 'gone@example.org', status: 'bounced', unsubscribed_at: null },
      { email: 'left@example.org', status: 'unsubscribed', unsubscribed_at: leftAt },
    ]);
    expect(await listsOf('gone@example.org')).toEqual(['weekly:active']);
    expect(await listsOf('left@example.org')).toEqual([]);
    expect(await countSubscribers()).toBe(7);

    // The same file again adds nobody.
    const again = await upload(editor, csv, 'members 2026.csv');
    expect(again.body).toMatch(/data-count="added">0 new subscribers added/);
    expect(await countSubscribers()).toBe(7);
  });

  it('refuses a broken CSV file with every bad line and imports nothing', async () => {
    await reset();
    await seed('already@example.org');
    const csv = [
      'email,consent,lists',
      'fine@example.org,yes,weekly',
      'no-at-sign.example.org,yes,weekly',
      'also-fine@example.org,no,weekly',
      'third@example.org,yes,monthly',
      'fourth@example.org,yes,weekly,extra',
      'fifth@example.org,yes,"weekly',
      'sixth@example.org,yes,weekly',
    ].join('\n');
    const answer = await upload(editor, csv);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('Nothing was imported');
    const lines = [...answer.body.matchAll(/<li><strong>Line (\d+)<\/strong>: ([^<]*)<\/li>/g)].map((m) => [Number(m[1]), m[2]]);
    expect(lines.map(([line]) => line)).toEqual([3, 4, 5, 6, 7]);
    expect(lines[0]![1]).toContain('needs an @');
    expect(lines[1]![1]).toContain('consent must be yes, true or 1');
    expect(lines[2]![1]).toContain('unknown list &quot;monthly&quot;');
    expect(lines[3]![1]).toContain('different number of columns');
    expect(lines[4]![1]).toContain('never closed');
    expect(await db().selectFrom('subscribers').select('email').execute()).toEqual([{ email: 'already@example.org' }]);
    expect(await validateHtml(answer.body, 'import-report.html')).toEqual([]);

    const empty = await upload(editor, 'email,consent\n');
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('no subscribers');
    const notUtf8 = await upload(editor, Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0xff, 0xfe]).toString('latin1'));
    expect([200, 400]).toContain(notUtf8.status);
    expect(await countSubscribers()).toBe(1);
  });

  it('imports 10,000 rows in one go', async () => {
    await reset();
    const lines = ['email,consent,lists'];
    for (let i = 0; i < 10_000; i++) lines.push(`bulk${i}@example.com,yes,${i % 3 ? 'weekly' : 'weekly;daily'}`);
    const answer = await upload(editor, lines.join('\n'), 'bulk.csv');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/data-count="added">10,000 new subscribers added/);
    // How long it took is reported (bench/ holds the figures), never asserted here.
    expect(answer.body).toMatch(/10,000 lines in [\d,]+ ms/);
    expect(await countSubscribers()).toBe(10_000);
    expect(
      Number(
        (
          await db()
            .selectFrom('subscriptions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(13_334);
  }, 60_000);

  it('exports CSV with the list filters, formula cells neutralised, never cached', async () => {
    await reset();
    await seed('plain@example.org', { consent_source: 'import: old list.csv', lists: ['weekly', 'daily'] });
    await seed('formula@example.org', { consent_source: '=HYPERLINK("http://evil.example","click")' });
    await seed('plus@example.org', { consent_source: '+1 555', lists: ['daily'] });
    await seed('away@example.org', { status: 'unsubscribed', consent_source: '@SUM(A1)' });
    const answer = await editor.get('/admin/subscribers.csv?status=confirmed');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="subscribers-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    const lines = answer.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('email,status,lists,consent_at,consent_source,consent_ip,created_at,confirmed_at,unsubscribed_at');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['plain@example.org', 'formula@example.org', 'plus@example.org']);
    expect(lines[1]).toMatch(/^plain@example\.org,confirmed,weekly;daily,\d{4}-[^,]+,import: old list\.csv,,/);
    expect(lines[2]).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(lines[3]).toContain(",'+1 555,");
    const all = await editor.get('/admin/subscribers.csv');
    expect(all.body).toContain(",'@SUM(A1),");
    expect((await editor.get('/admin/subscribers.csv?list=daily')).body.trimEnd().split('\r\n')).toHaveLength(3);
  });

  it('charts growth by week: confirmations, unsubscribes, bounces and the confirmed total', async () => {
    await reset();
    const zone = (await db().selectFrom('publication').select('time_zone').executeTakeFirst())?.time_zone ?? 'UTC';
    const weeks = growthWeeks(new Date(), zone);
    const start = (i: number) => weeks[i]!.start;
    await seed('early@example.org', { confirmed_at: at(start(0), -24 * HOUR) });
    await seed('a@example.org', { confirmed_at: at(start(2), HOUR) });
    await seed('b@example.org', { status: 'unsubscribed', confirmed_at: at(start(2), 2 * HOUR), unsubscribed_at: at(start(5), HOUR) });
    await seed('c@example.org', { status: 'bounced', confirmed_at: at(start(7), HOUR), updated_at: at(start(9), HOUR) });
    await seed('d@example.org', { status: 'complained', confirmed_at: at(start(7), 3 * HOUR), updated_at: at(start(9), 2 * HOUR) });
    await seed('e@example.org', { confirmed_at: at(start(7), 4 * HOUR) });
    await seed('never@example.org', { status: 'pending', confirmed_at: null });
    await seed('old-left@example.org', {
      status: 'unsubscribed',
      confirmed_at: at(start(0), -48 * HOUR),
      unsubscribed_at: at(start(0), -30 * HOUR),
    });

    const page = await editor.get('/admin/subscribers');
    const rows = [...page.body.matchAll(/<tr data-week="([\d-]+)">.*?<\/tr>/g)].map((m) => ({
      week: m[1],
      cells: [...m[0].matchAll(/<td>([\d,]+)<\/td>/g)].map((c) => Number(c[1]!.replace(/,/g, ''))),
    }));
    expect(rows.map((r) => r.week)).toEqual(weeks.map((w) => w.label));
    const column = (i: number) => rows.map((r) => r.cells[i]);
    expect(column(0)).toEqual([0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0]);
    expect(column(1)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(column(2)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0]);
    expect(column(3)).toEqual([1, 1, 3, 3, 3, 2, 2, 5, 5, 3, 3, 3]);
    expect(page.body).toMatch(/<svg class="growth-chart"[^>]*role="img" aria-labelledby="growth-total-title growth-total-desc"/);
    expect(page.body).toContain('From 1 at the end of the week of');
    expect(page.body).toContain('5 new confirmations above the line; 1 unsubscribe and 2 bounces or complaints below it');
  });

  it('shows one person, exports their data, unsubscribes them and deletes them on request', async () => {
    await reset();
    const id = await seed('person@example.org', { consent_source: '/newsletter', lists: ['weekly', 'daily'] });
    const other = await seed('other@example.org');
    const list = await db().selectFrom('newsletters').select('id').where('slug', '=', 'weekly').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const issue = await db()
      .insertInto('newsletter_issues')
      .values({ newsletter_id: list.id, status: 'sent', subject: 'The week in review', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [subscriber, email] of [
      [id, 'person@example.org'],
      [other, 'other@example.org'],
    ] as const) {
      await db()
        .insertInto('newsletter_deliveries')
        .values({
          issue_id: issue.id,
          subscriber_id: subscriber,
          email,
          state: 'sent',
          next_attempt_at: now,
          sent_at: now,
          message_id: `<${subscriber}@example.test>`,
        })
        .execute();
    }

    const page = await editor.get(`/admin/subscribers/${id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('The week in review');
    expect(page.body).toContain('QiOSK daily: Active');
    expect(await validateHtml(page.body, 'subscriber.html')).toEqual([]);

    const exported = await editor.get(`/admin/subscribers/${id}/export`);
    expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="subscriber-${id}.json"`);
    expect(exported.headers.get('cache-control')).toBe('private, no-store');
    const data = JSON.parse(exported.body) as {
      subscriber: { email: string };
      subscriptions: unknown[];
      deliveries: Array<{ subject: string }>;
    };
    expect(data.subscriber.email).toBe('person@example.org');
    expect(data.subscriptions).toHaveLength(2);
    expect(data.deliveries.map((d) => d.subject)).toEqual(['The week in review']);

    const unsubscribed = await editor.post(`/admin/subscribers/${id}/unsubscribe`, {});
    expect(unsubscribed.status).toBe(303);
    expect(await db().selectFrom('subscribers').select('status').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
      status: 'unsubscribed',
    });
    expect(await listsOf('person@example.org')).toEqual(['daily:unsubscribed', 'weekly:unsubscribed']);

    const confirmPage = await editor.get(`/admin/subscribers/${id}/delete`);
    expect(confirmPage.body).toContain('Delete person@example.org?');
    const unconfirmed = await editor.post(`/admin/subscribers/${id}/delete`, {});
    expect(unconfirmed.status).toBe(400);
    expect(await db().selectFrom('subscribers').select('id').where('id', '=', id).executeTakeFirst()).toBeDefined();

    const deleted = await editor.post(`/admin/subscribers/${id}/delete`, { confirm: 'yes' });
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe('/admin/subscribers?notice=deleted');
    expect(await db().selectFrom('subscribers').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom('subscriptions').select('newsletter_id').where('subscriber_id', '=', id).execute()).toEqual([]);
    const deliveries = await db()
      .selectFrom('newsletter_deliveries')
      .select(['subscriber_id', 'email', 'state'])
      .where('issue_id', '=', issue.id)
      .orderBy('id')
      .execute();
    expect(deliveries).toEqual([
      { subscriber_id: null, email: '', state: 'sent' },
      { subscriber_id: other, email: 'other@example.org', state: 'sent' },
    ]);
    expect((await editor.get(`/admin/subscribers/${id}`)).status).toBe(404);
  });
});
