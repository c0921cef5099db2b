import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateHtml } from '../helpers/html.js';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// The newsroom's management screens (issue 3, item 2): sections, tags, authors, staff and
// settings, over real HTTP on both engines. Each refusal is checked twice: the answer,
// and that nothing changed.

const PASSWORD = 'a long enough test password';

interface Answer {
  status: number;
  body: string;
  location: string | null;
}

/** A browser-like client: keeps the session cookie, sends the site's Origin, reads _csrf. */
class Staff {
  cookie = '';
  constructor(private readonly origin: string) {}

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string | string[]>): Promise<Answer> {
    const headers: Record<string, string> = { origin: this.origin };
    if (this.cookie) headers.cookie = this.cookie;
    let body: string | undefined;
    if (form) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) params.append(key, v);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(new URL(path, this.origin), {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(20_000),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie?.startsWith('masthead_session=')) this.cookie = setCookie.split(';')[0]!;
    return { status: response.status, body: await response.text(), location: response.headers.get('location') };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  /** Posts a form with the CSRF token read from `from` (the page the form is on). */
  async post(path: string, form: Record<string, string | string[]>, from = '/admin'): Promise<Answer> {
    const page = await this.get(from);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!csrf) throw new Error(`no _csrf on ${from} (${page.status})`);
    return this.request('POST', path, { _csrf: csrf, ...form });
  }

  async signIn(email: string): Promise<void> {
    const answer = await this.request('POST', '/admin/login', { email, password: PASSWORD, redirect: '/admin' });
    if (answer.status !== 303 || !this.cookie) throw new Error(`sign-in of ${email} answered ${answer.status}`);
  }
}

const bundle = JSON.parse(readFileSync(referenceBundle, 'utf8')) as { articles: Array<{ slug: string; tags: string[] }> };
const taggedWith = (...slugs: string[]) =>
  new Set(bundle.articles.filter((a) => a.tags.some((t) => slugs.includes(t))).map((a) => a.slug)).size;

/** The number in the row of a management table whose link text is `name`. */
function rowCount(html: string, name: string): number | null {
  const row = new RegExp(`<th scope="row"><a href="[^"]+">${name}</a></th>(.*?)</tr>`, 's').exec(html)?.[1];
  const cells = row ? [...row.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1])) : [];
  return cells.length ? cells[cells.length - 1]! : null;
}

const sectionOrder = (html: string) =>
  [...html.matchAll(/<th scope="row"><a href="\/admin\/sections\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
const idOf = (html: string, kind: string, name: string) => Number(new RegExp(`href="/admin/${kind}/(\\d+)">${name}</a>`).exec(html)?.[1]);

describe.each(engines())('newsroom management on %s', (engine) => {
  let site: Masthead;
  let admin: Staff;
  let editor: Staff;
  let writer: Staff;

  beforeAll(async () => {
    site = await startMasthead({ engine, bundle: referenceBundle });
    for (const [email, name, role] of [
      ['admin@example.test', 'Ada Admin', 'admin'],
      ['editor@example.test', 'Ed Editor', 'editor'],
      ['writer@example.test', 'Wren Writer', 'contributor'],
    ]) {
      const added = await site.cli(['user', 'add', '--email', email!, '--name', name!, '--role', role!], `${PASSWORD}\n`);
      expect(added.code, added.stderr).toBe(0);
    }
    admin = new Staff(site.url);
    editor = new Staff(site.url);
    writer = new Staff(site.url);
    await admin.signIn('admin@example.test');
    await editor.signIn('editor@example.test');
    await writer.signIn('writer@example.test');
  });

  afterAll(async () => {
    await site?.stop();
  });

  it.each([
    '/admin/sections',
    '/admin/sections/1',
    '/admin/tags?kind=person',
    '/admin/tags/1',
    '/admin/authors',
    '/admin/authors/1',
    '/admin/staff',
    '/admin/staff/2',
    '/admin/settings',
  ])('serves %s as valid HTML', async (path) => {
    const page = await admin.get(path);
    expect(page.status).toBe(200);
    const problems = await validateHtml(page.body, path);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.rule}: ${p.message}\n    ${p.source}`)).toEqual([]);
  });

  it('lets an editor create, rename, reorder and delete a section, and shows it to readers', async () => {
    const created = await editor.post(
      '/admin/sections',
      { name: 'Culture', slug: 'culture', description: 'Books & films', layout: 'standard' },
      '/admin/sections',
    );
    expect(created.status).toBe(303);
    expect(created.location).toBe('/admin/sections?notice=created');
    let list = (await editor.get('/admin/sections')).body;
    expect(sectionOrder(list)).toEqual(['QiOSK', 'Europe', 'Middle East', 'Washington Politics', 'Culture']);
    expect((await fetch(`${site.url}/section/culture`)).status).toBe(200);

    const id = idOf(list, 'sections', 'Culture');
    expect(
      (
        await editor.post(
          `/admin/sections/${id}`,
          { name: 'Arts', slug: 'arts', description: '', layout: 'briefs' },
          `/admin/sections/${id}`,
        )
      ).status,
    ).toBe(303);
    expect((await editor.post(`/admin/sections/${id}/move`, { direction: 'up' }, '/admin/sections')).status).toBe(303);
    list = (await editor.get('/admin/sections')).body;
    expect(sectionOrder(list)).toEqual(['QiOSK', 'Europe', 'Middle East', 'Arts', 'Washington Politics']);
    expect((await fetch(`${site.url}/section/culture`)).status).toBe(404);

    expect((await editor.post(`/admin/sections/${id}/delete`, {}, `/admin/sections/${id}`)).status).toBe(303);
    expect(sectionOrder((await editor.get('/admin/sections')).body)).toEqual(['QiOSK', 'Europe', 'Middle East', 'Washington Politics']);
  });

  it.each([
    ['a slug with spaces and capitals', 'Bad Slug', 'must be lower-case letters'],
    ['a reserved slug', 'admin', 'reserved'],
    ['a slug another section has', 'europe', 'already used by another section'],
  ])('refuses %s with 400, keeps the input and stores nothing', async (_name, slug, message) => {
    const before = sectionOrder((await editor.get('/admin/sections')).body);
    const answer = await editor.post(
      '/admin/sections',
      { name: 'Sport <b>news</b>', slug, description: '', layout: 'standard' },
      '/admin/sections',
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('Nothing was saved');
    expect(answer.body).toContain(message);
    expect(answer.body).toContain('value="Sport &lt;b>news&lt;/b>"');
    expect(answer.body).not.toContain('<b>news</b>');
    expect(sectionOrder((await editor.get('/admin/sections')).body)).toEqual(before);
  });

  it('refuses to delete a section that stories use, with a clear message', async () => {
    const id = idOf((await editor.get('/admin/sections')).body, 'sections', 'Europe');
    const answer = await editor.post(`/admin/sections/${id}/delete`, {}, `/admin/sections/${id}`);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatch(/is used by \d+ stories and cannot be deleted/);
    expect(sectionOrder((await editor.get('/admin/sections')).body)).toContain('Europe');
  });

  it('refuses a form without the CSRF token and stores nothing', async () => {
    const answer = await editor.request('POST', '/admin/sections', { name: 'Forged', slug: 'forged', description: '', layout: 'standard' });
    expect(answer.status).toBe(403);
    expect(sectionOrder((await editor.get('/admin/sections')).body)).not.toContain('Forged');
  });

  it('merges one tag into another, re-tagging every story', async () => {
    const expected = taggedWith('paris', 'peace-talks');
    const merged = await editor.post('/admin/tags/merge', { from: 'paris', into: 'peace-talks' }, '/admin/tags');
    expect(merged.status).toBe(303);
    const list = (await editor.get('/admin/tags')).body;
    expect(rowCount(list, 'Paris')).toBeNull();
    expect(rowCount(list, 'Peace talks')).toBe(expected);
    expect((await fetch(`${site.url}/tag/paris`)).status).toBe(404);

    // Stories that had only the first tag move over; stories with both keep one link.
    const union = taggedWith('geneva-contact-group', 'lena-marsh');
    expect(union).toBeGreaterThan(taggedWith('lena-marsh'));
    expect((await editor.post('/admin/tags/merge', { from: 'geneva-contact-group', into: 'lena-marsh' }, '/admin/tags')).status).toBe(303);
    expect(rowCount((await editor.get('/admin/tags')).body, 'Lena Marsh')).toBe(union);
    const missing = await editor.post('/admin/tags/merge', { from: 'geneva-contact-group', into: 'lena-marsh' }, '/admin/tags');
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('is not an existing tag');

    const self = await editor.post('/admin/tags/merge', { from: 'lena-marsh', into: 'lena-marsh' }, '/admin/tags');
    expect(self.status).toBe(400);
    expect(self.body).toContain('cannot be merged into itself');
  });

  it('creates, filters, edits and deletes a tag', async () => {
    expect((await editor.post('/admin/tags', { name: 'Nora Vale', slug: 'nora-vale', kind: 'person' }, '/admin/tags')).status).toBe(303);
    const people = (await editor.get('/admin/tags?kind=person&q=nora')).body;
    expect(rowCount(people, 'Nora Vale')).toBe(0);
    expect(rowCount(people, 'Lena Marsh')).toBeNull();
    const id = idOf(people, 'tags', 'Nora Vale');
    const bad = await editor.post(`/admin/tags/${id}`, { name: 'Nora V.', slug: 'nora-vale', kind: 'planet' }, `/admin/tags/${id}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('must be one of topic, person, organization, place');
    expect(rowCount((await editor.get('/admin/tags?kind=person')).body, 'Nora Vale')).toBe(0);
    expect((await editor.post(`/admin/tags/${id}/delete`, {}, `/admin/tags/${id}`)).status).toBe(303);
    expect(rowCount((await editor.get('/admin/tags?q=nora')).body, 'Nora Vale')).toBeNull();
  });

  it('manages author profiles: guest bylines, escaping, and no deleting a byline in use', async () => {
    const created = await editor.post(
      '/admin/authors',
      { name: 'Guest <img src=x onerror=alert(1)>', slug: 'guest-writer', bio: 'Writes <script>alert(1)</script>', portrait: '' },
      '/admin/authors',
    );
    expect(created.status).toBe(303);
    let list = (await editor.get('/admin/authors')).body;
    expect(list).not.toContain('<img src=x');
    expect(list).toContain('Guest &lt;img src=x onerror=alert(1)>');
    expect(list).toContain('None (guest byline)');
    const id = Number(/href="\/admin\/authors\/(\d+)">Guest &lt;img/.exec(list)?.[1]);
    expect((await fetch(`${site.url}/author/guest-writer`)).status).toBe(200);

    const missingPortrait = await editor.post(
      `/admin/authors/${id}`,
      { name: 'Gia Guest', slug: 'guest-writer', bio: '', portrait: 'no-such-image' },
      `/admin/authors/${id}`,
    );
    expect(missingPortrait.status).toBe(400);
    expect(missingPortrait.body).toContain('is not in the media library');
    expect(
      (await editor.post(`/admin/authors/${id}`, { name: 'Gia Guest', slug: 'gia-guest', bio: '', portrait: '' }, `/admin/authors/${id}`))
        .status,
    ).toBe(303);
    expect((await fetch(`${site.url}/author/gia-guest`)).status).toBe(200);
    expect((await editor.post(`/admin/authors/${id}/delete`, {}, `/admin/authors/${id}`)).status).toBe(303);
    expect((await fetch(`${site.url}/author/gia-guest`)).status).toBe(404);

    list = (await editor.get('/admin/authors')).body;
    const jane = idOf(list, 'authors', 'Jane Okafor');
    const inUse = await editor.post(`/admin/authors/${jane}/delete`, {}, `/admin/authors/${jane}`);
    expect(inUse.status).toBe(409);
    expect((await fetch(`${site.url}/author/jane-okafor`)).status).toBe(200);
  });

  it('refuses staff actions without an error in the server log after the answer', async () => {
    const errors = () =>
      site
        .stdout()
        .split('\n')
        .filter((line) => /"level":(50|60)/.test(line)).length;
    const before = errors();
    const writerId = idOf((await admin.get('/admin/staff')).body, 'staff', 'Wren Writer');
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await editor.get('/admin')).body)![1]!;
    for (const action of ['', '/disable', '/enable', '/link']) {
      expect((await editor.request('POST', `/admin/staff/${writerId}${action}`, { _csrf: csrf, role: 'editor', author: '' })).status).toBe(
        403,
      );
    }
    expect((await editor.request('POST', '/admin/staff/999999/disable', { _csrf: csrf })).status).toBe(403);
    // A refusal was once followed by a TypeError (an awaited reply is thenable): logged after the answer.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors(), site.stdout().slice(-2000)).toBe(before);
  });

  it('refuses an editor the staff and settings screens, and changes nothing', async () => {
    const writerId = idOf((await admin.get('/admin/staff')).body, 'staff', 'Wren Writer');
    expect((await editor.get('/admin/staff')).status).toBe(403);
    expect((await editor.get('/admin/settings')).status).toBe(403);
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await editor.get('/admin')).body)![1]!;
    expect((await editor.request('POST', `/admin/staff/${writerId}`, { _csrf: csrf, role: 'editor', author: '' })).status).toBe(403);
    expect(
      (await editor.request('POST', '/admin/staff', { _csrf: csrf, name: 'Mallory', email: 'mallory@example.test', role: 'admin' })).status,
    ).toBe(403);
    expect(
      (
        await editor.request('POST', '/admin/settings', {
          _csrf: csrf,
          name: 'Taken over',
          tagline: '',
          time_zone: 'UTC',
          locale: 'en-GB',
          social: '',
          newsletter_pitch: '',
        })
      ).status,
    ).toBe(403);
    const staff = (await admin.get('/admin/staff')).body;
    expect(staff).not.toContain('mallory@example.test');
    expect(staff).toMatch(/Wren Writer<\/a><\/th><td>writer@example.test<\/td><td>Contributor</);
    expect(/<title>([^<]*)<\/title>/.exec(await fetch(`${site.url}/`).then((r) => r.text()))?.[1]).toBe('The Meridian Review');
    // A contributor may not even manage sections.
    expect((await writer.get('/admin/sections')).status).toBe(403);
  });

  it('signs a person out everywhere when an admin changes their role', async () => {
    expect((await writer.get('/admin')).status).toBe(200);
    const id = idOf((await admin.get('/admin/staff')).body, 'staff', 'Wren Writer');
    const changed = await admin.post(`/admin/staff/${id}`, { role: 'author', author: 'jane-okafor' }, `/admin/staff/${id}`);
    expect(changed.status).toBe(303);
    const old = await writer.get('/admin');
    expect(old.status).toBe(303);
    expect(old.location).toMatch(/^\/admin\/login/);
    expect((await admin.get('/admin/staff')).body).toMatch(
      /Wren Writer<\/a><\/th><td>writer@example.test<\/td><td>Author<\/td><td>Jane Okafor</,
    );
    // An admin cannot make an admin, nor touch their own role.
    expect((await admin.post(`/admin/staff/${id}`, { role: 'admin', author: '' }, `/admin/staff/${id}`)).status).toBe(403);
    const self = idOf((await admin.get('/admin/staff')).body, 'staff', 'Ada Admin');
    expect((await admin.post(`/admin/staff/${self}`, { role: 'editor', author: '' }, `/admin/staff/${self}`)).status).toBe(403);
    expect((await admin.get('/admin/staff')).status).toBe(200);
  });

  it('creates an account with a one-time link instead of a password, and disabling signs out', async () => {
    const created = await admin.post('/admin/staff', { name: 'Noor New', email: 'Noor@Example.test', role: 'editor' }, '/admin/staff');
    expect(created.status).toBe(201);
    const link = /value="(http:\/\/127\.0\.0\.1:\d+\/admin\/reset\?token=[^"]+)"/.exec(created.body)?.[1];
    expect(link).toBeTruthy();
    expect((await fetch(link!.replace(/&amp;/g, '&'), { redirect: 'manual' })).status).toBe(200);
    const again = await admin.post('/admin/staff', { name: 'Noor Twice', email: 'noor@example.test', role: 'editor' }, '/admin/staff');
    expect(again.status).toBe(400);
    expect(again.body).toContain('already belongs to a staff account');
    expect((await admin.post('/admin/staff', { name: 'Boss', email: 'boss@example.test', role: 'admin' }, '/admin/staff')).status).toBe(
      400,
    );
    expect((await admin.get('/admin/staff')).body).not.toContain('boss@example.test');

    const id = idOf((await admin.get('/admin/staff')).body, 'staff', 'Ed Editor');
    expect((await editor.get('/admin')).status).toBe(200);
    expect((await admin.post(`/admin/staff/${id}/disable`, {}, `/admin/staff/${id}`)).status).toBe(303);
    expect((await editor.get('/admin')).status).toBe(303);
    const refused = await editor.request('POST', '/admin/login', { email: 'editor@example.test', password: PASSWORD, redirect: '/admin' });
    expect(refused.status).toBe(401);
    expect((await admin.post(`/admin/staff/${id}/enable`, {}, `/admin/staff/${id}`)).status).toBe(303);
    await editor.signIn('editor@example.test');
  });

  it('validates the settings and shows a saved publication name on the front page', async () => {
    const bad = await admin.post(
      '/admin/settings',
      {
        name: 'The Evening Ledger',
        tagline: 'x',
        time_zone: 'Mars/Olympus_Mons',
        locale: 'en-GB',
        social: 'mastodon javascript:alert(1)\nbluesky https://bsky.app/profile/ledger.example',
        newsletter_pitch: '',
      },
      '/admin/settings',
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('must be a time zone');
    expect(bad.body).toContain('line 1: only http and https addresses are allowed');
    expect(bad.body).toContain('value="The Evening Ledger"');
    expect(/<title>([^<]*)<\/title>/.exec(await fetch(`${site.url}/`).then((r) => r.text()))?.[1]).toBe('The Meridian Review');

    const saved = await admin.post(
      '/admin/settings',
      {
        name: 'The Evening Ledger',
        tagline: 'News after dark',
        time_zone: 'America/New_York',
        locale: 'en-US',
        social: 'bluesky https://bsky.app/profile/ledger.example',
        newsletter_pitch: 'One letter a week.',
      },
      '/admin/settings',
    );
    expect(saved.status).toBe(303);
    const front = await fetch(`${site.url}/`).then((r) => r.text());
    expect(/<title>([^<]*)<\/title>/.exec(front)?.[1]).toBe('The Evening Ledger');
    expect(/<h1 class="masthead-name"><a href="\/">([^<]*)</.exec(front)?.[1]).toBe('The Evening Ledger');
    expect(/<p class="masthead-tagline">([^<]*)</.exec(front)?.[1]).toBe('News after dark');
    const form = (await admin.get('/admin/settings')).body;
    expect(form).toContain('bluesky https://bsky.app/profile/ledger.example');
    expect(form).toMatch(/<option value="America\/New_York" selected/);
  });
});
