import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { referenceBundle } from '../helpers/server.js';

// Static pages (About, Donate) at /{slug} and in the footer, written from the newsroom;
// nested sections on the reader site (issue 10 §2). One in-process app on SQLite.

const ORIGIN = 'http://127.0.0.1';
const PASSWORD = 'a long enough test password';

describe('static pages and nested sections', () => {
  let site: NewsroomSite;
  let cookie = '';

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite', bundle: referenceBundle });
    await addStaffRow(site.store, { email: 'editor@example.org', name: 'Ed Itor', role: 'editor', password: PASSWORD });
    const login = await site.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: 'editor@example.org', password: PASSWORD }).toString(),
    });
    expect(login.statusCode).toBe(303);
    cookie = login.cookies.find((c) => c.name === 'masthead_session')!.value;
  });
  afterAll(() => site?.close());

  const get = (url: string) => site.app.inject({ url, cookies: { masthead_session: cookie } });
  /** Posts a form as the signed-in editor, with the CSRF token of the page the form is on (none when `from` is null). */
  const post = async (url: string, form: Record<string, string>, from: string | null = '/admin/pages/new') => {
    const csrf = from === null ? '' : (/name="_csrf" value="([^"]+)"/.exec((await get(from)).body)?.[1] ?? '');
    return site.app.inject({
      method: 'POST',
      url,
      cookies: { masthead_session: cookie },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...(csrf && { _csrf: csrf }), ...form }).toString(),
    });
  };
  const pageRow = (slug: string) => site.store.db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst();
  const about = {
    title: 'About us',
    slug: 'about-us',
    status: 'published',
    footer_position: '1',
    seo_description: 'Who we are.',
    body_html: '<p>We report <strong>the news</strong>.</p><script>alert(1)</script>',
  };

  it('publishes a page from the newsroom at its own URL, in the footer of every page and in the sitemap', async () => {
    const created = await post('/admin/pages', about);
    expect(created.statusCode, created.body.slice(0, 500)).toBe(303);

    const page = await site.app.inject({ url: '/about-us' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="headline">About us</h1>');
    expect(page.body).toContain('<p>We report <strong>the news</strong>.</p>');
    expect(page.body).not.toContain('alert(1)');
    expect(page.body).toContain('<link rel="canonical" href="http://127.0.0.1/about-us"');
    expect(page.body).toContain('"@type":"WebPage"');
    expect(page.body).not.toContain('class="byline');

    for (const url of ['/', '/walk-away-talks', '/latest']) {
      const footer = /<footer class="site-footer">[\s\S]*<\/footer>/.exec((await site.app.inject({ url })).body)?.[0] ?? '';
      expect(footer, url).toContain('<a href="/about-us">About us</a>');
    }
    expect((await site.app.inject({ url: '/sitemaps/pages.xml' })).body).toContain('<loc>http://127.0.0.1/about-us</loc>');
    expect((await site.app.inject({ url: '/feed.xml' })).body).not.toContain('/about-us');
  });

  it('takes a page off the site and out of the footer when it goes back to draft, and shows it back in the form', async () => {
    const { id } = (await pageRow('about-us'))!;
    const form = await get(`/admin/pages/${id}`);
    expect(form.body).toContain('&lt;p>We report &lt;strong>the news&lt;/strong>.&lt;/p>');
    const saved = await post(`/admin/pages/${id}`, { ...about, status: 'draft' }, `/admin/pages/${id}`);
    expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
    expect((await site.app.inject({ url: '/about-us' })).statusCode).toBe(404);
    expect((await site.app.inject({ url: '/' })).body).not.toContain('href="/about-us"');
  });

  it('refuses a page whose slug is a story’s, and stores nothing', async () => {
    const refused = await post('/admin/pages', { ...about, slug: 'walk-away-talks', title: 'Clash' });
    expect(refused.statusCode, refused.body.slice(0, 2000)).toBe(400);
    expect(refused.body).toContain('is already used by a story or another page');
    expect(await pageRow('walk-away-talks')).toBeUndefined();
    expect((await site.app.inject({ url: '/walk-away-talks' })).body).not.toContain('Clash');
  });

  it('refuses a story whose slug is a page’s (the page would be hidden), and stores nothing', async () => {
    const answer = await site.api('POST', '/api/admin/articles', { title: 'Shadow', slug: 'about-us' });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      error: { details: [{ field: 'slug', message: '"about-us" is already used by another story or page' }] },
    });
    expect(await site.store.db.selectFrom('articles').select('id').where('title', '=', 'Shadow').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a reserved slug and a form without its CSRF token, storing nothing', async () => {
    expect((await post('/admin/pages', { ...about, slug: 'latest' })).statusCode).toBe(400);
    expect((await post('/admin/pages', { ...about, slug: 'donate' }, null)).statusCode).toBe(403);
    expect(await pageRow('latest')).toBeUndefined();
    expect(await pageRow('donate')).toBeUndefined();
  });

  it('deletes a page', async () => {
    const { id } = (await pageRow('about-us'))!;
    const deleted = await post(`/admin/pages/${id}/delete`, {}, `/admin/pages/${id}`);
    expect(deleted.statusCode).toBe(303);
    expect(await pageRow('about-us')).toBeUndefined();
  });

  it('lists a subsection’s stories on its parent’s page, with a breadcrumb back up, and refuses a cycle', async () => {
    const europe = await site.store.db.selectFrom('sections').select(['id', 'name']).where('slug', '=', 'europe').executeTakeFirstOrThrow();
    const story = await site.store.db
      .selectFrom('articles')
      .innerJoin('article_sections', 'article_sections.article_id', 'articles.id')
      .select('articles.slug')
      .where('article_sections.section_id', '=', europe.id)
      .where('articles.status', '=', 'published')
      .orderBy('articles.published_at', 'desc')
      .executeTakeFirstOrThrow();
    expect((await site.api('POST', '/api/admin/sections', { name: 'World', slug: 'world' })).status).toBe(201);
    expect((await site.api('PATCH', '/api/admin/sections/europe', { parent: 'world' })).status).toBe(200);

    const world = (await site.app.inject({ url: '/section/world' })).body;
    expect(world).toContain(`href="/${story.slug}"`);
    expect(world).toMatch(/<nav class="subsections" aria-label="Subsections">[\s\S]*href="\/section\/europe"/);
    const child = (await site.app.inject({ url: '/section/europe' })).body;
    expect(child).toMatch(/<nav class="breadcrumb" aria-label="Breadcrumb"><a href="\/section\/world">World<\/a><\/nav>/);
    const header = /<header[\s\S]*?<\/header>/.exec(child)?.[0] ?? '';
    expect(header).toContain('href="/section/world"');
    expect(header).not.toContain('href="/section/europe"');

    const cycle = await site.api('PATCH', '/api/admin/sections/world', { parent: 'europe' });
    expect(cycle.status).toBe(400);
    expect(JSON.stringify(cycle.json)).toContain('cannot be the section itself or one of its subsections');
    const stored = await site.store.db.selectFrom('sections').select('parent_id').where('slug', '=', 'world').executeTakeFirstOrThrow();
    expect(stored.parent_id).toBeNull();
  });
});
