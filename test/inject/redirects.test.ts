import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../helpers/newsroom.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { referenceBundle } from '../helpers/server.js';

// The redirect table end to end in one process: the newsroom adds and deletes rules at
// /admin/redirects (refused input stores nothing), a reader's 404 and the front page's
// "?p=" links answer from it, and a story's slug change writes its rule.

const ORIGIN = 'http://127.0.0.1';

describe('redirects', () => {
  let site: NewsroomSite;
  const staff: Record<'editor' | 'contributor', { cookie: string; csrf: string }> = {
    editor: { cookie: '', csrf: '' },
    contributor: { cookie: '', csrf: '' },
  };

  const signIn = async (role: 'editor' | 'contributor') => {
    const email = `${role}@example.org`;
    await addStaffRow(site.store, { email, name: role, role, password: PASSWORD });
    const answer = await site.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email, password: PASSWORD }).toString(),
    });
    expect(answer.statusCode).toBe(303);
    const cookie = answer.cookies.find((c) => c.name === 'masthead_session')!.value;
    const page = await site.app.inject({ url: '/admin', cookies: { masthead_session: cookie } });
    staff[role] = { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
  };
  const get = (url: string, role: 'editor' | 'contributor' = 'editor') =>
    site.app.inject({ url, cookies: { masthead_session: staff[role].cookie } });
  const post = (url: string, form: Record<string, string>, role: 'editor' | 'contributor' = 'editor') =>
    site.app.inject({
      method: 'POST',
      url,
      cookies: { masthead_session: staff[role].cookie },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: staff[role].csrf, ...form }).toString(),
    });
  const add = (form: { from: string; target: string; match?: string; status?: string }) =>
    post('/admin/redirects', { match: 'exact', status: '301', ...form });
  const rules = () => site.store.db.selectFrom('redirects').selectAll().orderBy('id').execute();
  const reader = (url: string) => site.app.inject({ url });

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite', bundle: referenceBundle });
    await signIn('editor');
    await signIn('contributor');
  });
  afterAll(() => site?.close());

  it('keeps a bundle’s old slug as an exact rule that answers 301', async () => {
    const answer = await reader('/walk-away-old');
    expect(answer.statusCode).toBe(301);
    expect(answer.headers.location).toBe('/walk-away-talks');
    expect(await rules()).toMatchObject([{ from_path: '/walk-away-old', match: 'exact', target_kind: 'story', origin: 'slug-change' }]);
  });

  it('adds a rule from the newsroom that a reader’s 404 then follows, trailing slash or not', async () => {
    const added = await add({ from: '/2019/05/03/walk-away-talks/', target: '/walk-away-talks' });
    expect(added.statusCode, added.body.slice(0, 400)).toBe(303);
    for (const url of ['/2019/05/03/walk-away-talks/', '/2019/05/03/walk-away-talks']) {
      const answer = await reader(url);
      expect(answer.statusCode, url).toBe(301);
      expect(answer.headers.location).toBe('/walk-away-talks');
    }
    const list = await get('/admin/redirects?q=2019');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<code>/2019/05/03/walk-away-talks</code>');
    expect(list.body).not.toContain('<code>/walk-away-old</code>');
  });

  it('answers WordPress’s "/?p=" links from the front page, and renders the front page for any other', async () => {
    expect((await add({ from: '/?p=12', target: '/section/europe', status: '302' })).statusCode).toBe(303);
    const moved = await reader('/?p=12&utm_source=x');
    expect(moved.statusCode).toBe(302);
    expect(moved.headers.location).toBe('/section/europe');
    expect((await reader('/?p=99')).statusCode).toBe(200);
    expect((await reader('/')).statusCode).toBe(200);
  });

  it('follows a prefix rule to an external address, and a regex rule with its capture', async () => {
    expect((await add({ from: '/forum', match: 'prefix', target: 'https://forum.example.org/' })).statusCode).toBe(303);
    expect((await add({ from: '^/archives/(\\d+)$', match: 'regex', target: '/tag/$1' })).statusCode).toBe(303);
    expect((await reader('/forum/thread/7')).headers.location).toBe('https://forum.example.org/');
    expect((await reader('/archives/2019')).headers.location).toBe('/tag/2019');
  });

  it.each([
    [{ from: 'no-slash', target: '/walk-away-talks' }, 400, 'must be a path on this site'],
    [{ from: '^/((broken', match: 'regex', target: '/walk-away-talks' }, 400, 'is not a usable regular expression'],
    [{ from: '/somewhere-old', target: '/no-such-story' }, 400, 'there is no story or page'],
    [{ from: '/somewhere-old', target: '/section/nowhere' }, 400, 'there is no section'],
    [{ from: '/walk-away-talks', target: '/walk-away-talks' }, 400, 'go round in a circle'],
    [{ from: '/2019/05/03/walk-away-talks', target: '/section/europe' }, 400, 'already has a rule'],
  ])('refuses %j and stores nothing', async (form, status, message) => {
    const before = await rules();
    const answer = await add(form);
    expect(answer.statusCode).toBe(status);
    expect(answer.body).toContain(message);
    expect(answer.body).toContain(`value="${form.from.replace(/&/g, '&amp;')}"`);
    expect(await rules()).toEqual(before);
  });

  it('lets only editors and up see or change the rules', async () => {
    expect((await get('/admin/redirects', 'contributor')).statusCode).toBe(403);
    const before = await rules();
    expect(
      (await post('/admin/redirects', { from: '/x', match: 'exact', target: '/walk-away-talks', status: '301' }, 'contributor')).statusCode,
    ).toBe(403);
    expect(await rules()).toEqual(before);
    expect((await get('/admin')).body).toContain('href="/admin/redirects"');
  });

  it('deletes a rule, after which the old address is a 404 again', async () => {
    const rule = (await rules()).find((r) => r.from_path === '/2019/05/03/walk-away-talks')!;
    const deleted = await post(`/admin/redirects/${rule.id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    expect((await reader('/2019/05/03/walk-away-talks')).statusCode).toBe(404);
    expect((await post(`/admin/redirects/${rule.id}/delete`, {})).statusCode).toBe(404);
  });

  it('writes a rule when a story’s slug changes, and gives the slug back when it changes back', async () => {
    const { id } = await site.store.db.selectFrom('articles').select('id').where('slug', '=', 'senate-aid-vote').executeTakeFirstOrThrow();
    expect((await site.api('PATCH', `/api/admin/articles/${id}`, { slug: 'senate-vote' })).status).toBe(200);
    expect((await reader('/senate-aid-vote')).headers.location).toBe('/senate-vote');
    // Another story may not take an address that still redirects.
    const other = await site.store.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'border-crossings-reopen')
      .executeTakeFirstOrThrow();
    const taken = await site.api('PATCH', `/api/admin/articles/${other.id}`, { slug: 'senate-aid-vote' });
    expect(taken.status).toBe(400);
    expect(JSON.stringify(taken.json)).toContain('already used by another story or page');

    expect((await site.api('PATCH', `/api/admin/articles/${id}`, { slug: 'senate-aid-vote' })).status).toBe(200);
    expect((await reader('/senate-aid-vote')).statusCode).toBe(200);
    expect((await reader('/senate-vote')).headers.location).toBe('/senate-aid-vote');
    const mine = (await rules()).filter((r) => r.target_kind === 'story' && r.target_id === id).map((r) => r.from_path);
    expect(mine).toEqual(['/senate-vote']);
  });
});
