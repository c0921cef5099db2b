import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reference } from '../helpers/http.js';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// /api/content (SPEC §7): read-only, published and visible stories only (a draft is
// never listed and its slug is not found), paginated, with strong ETags and 304s.

async function getJson(origin: string, url: string, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(url, origin), { headers, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();

  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : null };
}

describe.each(engines())('/api/content on %s', (engine) => {
  let masthead: Masthead;
  let content: string;
  let admin: string;
  const read = (url: string, headers: Record<string, string> = {}) =>
    getJson(masthead.url, url, { authorization: `Bearer ${content}`, ...headers });
  const write = async (method: string, url: string, body: unknown) => {
    const response = await fetch(new URL(url, masthead.url), {
      method,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    return { status: response.status, json: await response.json() };
  };

  beforeAll(async () => {
    masthead = await startMasthead({ engine, bundle: referenceBundle });
    const key = async (scope: string) => {
      const created = await masthead.cli(['apikey', 'create', '--name', `${scope} reader`, '--scope', scope]);
      expect(created.code, created.stderr).toBe(0);
      return created.stdout.trim();
    };
    content = await key('content');
    admin = await key('admin');
  });
  afterAll(async () => {
    await masthead?.stop();
  });

  it('needs a key: 401 with WWW-Authenticate, and takes it as a Bearer or ?key=', async () => {
    const none = await getJson(masthead.url, '/api/content/articles');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.json.error.code).toBe('UNAUTHORIZED');
    expect((await getJson(masthead.url, `/api/content/articles?key=${content}x`)).status).toBe(401);
    const viaQuery = await getJson(masthead.url, `/api/content/articles?key=${content}`);
    expect(viaQuery.status).toBe(200);
    expect((await read('/api/content/articles')).json).toEqual(viaQuery.json);
  });

  it('lists published stories newest first, paginated, filtered by section, tag and author', async () => {
    const published = reference.articles.filter((a) => a.status === 'published');
    const first = await read('/api/content/articles?per_page=5');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ page: 1, per_page: 5, total: published.length, total_pages: Math.ceil(published.length / 5) });
    expect(first.json.data).toHaveLength(5);
    const dates = first.json.data.map((s: { published_at: string }) => s.published_at);
    expect([...dates].sort().reverse()).toEqual(dates);
    const second = await read('/api/content/articles?per_page=5&page=2');
    expect(second.json.data[0].slug).not.toBe(first.json.data[0].slug);
    const story = first.json.data[0];
    expect(story.url).toBe(`${masthead.url}/${story.slug}`);
    expect(story).not.toHaveProperty('body');

    const europe = await read('/api/content/articles?section=europe&per_page=100');
    const expected = published.filter((a) => a.sections.includes('europe')).length;
    expect(europe.json.total).toBe(expected);
    for (const item of europe.json.data) expect(item.sections.map((s: { slug: string }) => s.slug)).toContain('europe');
    const byAuthor = await read('/api/content/articles?author=jane-okafor&per_page=100');
    expect(byAuthor.json.total).toBe(published.filter((a) => a.authors.includes('jane-okafor')).length);
    const byTag = await read('/api/content/articles?tag=peace-talks&per_page=100');
    expect(byTag.json.total).toBe(published.filter((a) => a.tags.includes('peace-talks')).length);

    const tooMany = await read('/api/content/articles?per_page=101');
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.details[0].field).toBe('per_page');
    const badPage = await read('/api/content/articles?page=0');
    expect(badPage.status).toBe(400);
    expect(badPage.json.error.details[0].field).toBe('page');
    expect((await read('/api/content/articles?sort=title')).status).toBe(400);
  });

  it('answers one story by slug with its body as HTML and as the document', async () => {
    const slug = reference.articles[0]!.slug;
    const one = await read(`/api/content/articles/${slug}`);
    expect(one.status).toBe(200);
    expect(one.json.slug).toBe(slug);
    expect(one.json.title).toBe(reference.articles[0]!.title);
    expect(one.json.body.type).toBe('doc');
    expect(one.json.body_html).toMatch(/^<(p|h2|blockquote|figure|ul|ol)/);
    expect(Array.isArray(one.json.updates)).toBe(true);
    if (reference.articles[0]!.image) expect(one.json.image.variants.length).toBeGreaterThan(0);
    expect((await read('/api/content/articles/no-such-story')).status).toBe(404);
  });

  it('never shows a draft, in the list or by slug', async () => {
    const draft = await write('POST', '/api/admin/articles', {
      title: 'Embargoed budget leak',
      sections: ['europe'],
      body: { format: 'markdown', source: 'Secret until Friday.' },
    });
    expect(draft.status).toBe(201);
    const list = await read('/api/content/articles?q=embargoed');
    expect(list.status).toBe(200);
    expect(list.json.total).toBe(0);
    const all = await read('/api/content/articles?section=europe&per_page=100');
    expect(all.json.data.map((s: { slug: string }) => s.slug)).not.toContain(draft.json.slug);
    const bySlug = await read(`/api/content/articles/${draft.json.slug}`);
    expect(bySlug.status).toBe(404);
    expect(bySlug.text).not.toContain('Secret until Friday');

    // Sent to review and scheduled for the future: still not visible.
    expect((await write('POST', `/api/admin/articles/${draft.json.id}/moves`, { move: 'submit' })).status).toBe(200);
    expect((await read(`/api/content/articles/${draft.json.slug}`)).status).toBe(404);
  });

  it('gives a strong ETag and answers If-None-Match with 304 until the content changes', async () => {
    const first = await read('/api/content/articles?per_page=3');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{16,}"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const again = await read('/api/content/articles?per_page=3', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const weak = await read('/api/content/articles?per_page=3', { 'if-none-match': `"other", W/${etag}` });
    expect(weak.status).toBe(304);

    const slug = first.json.data[0].slug as string;
    const story = await read(`/api/content/articles/${slug}`);
    const storyTag = story.headers.get('etag')!;
    expect((await read(`/api/content/articles/${slug}`, { 'if-none-match': storyTag })).status).toBe(304);
    const noted = await write('POST', `/api/admin/articles/${story.json.id}/notes`, {
      kind: 'update',
      note: 'Added reaction from the ministry.',
    });
    expect(noted.status).toBe(201);
    const changed = await read(`/api/content/articles/${slug}`, { 'if-none-match': storyTag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(storyTag);
    expect(changed.json.updates.at(-1)).toMatchObject({ kind: 'update', note: 'Added reaction from the ministry.' });
  });

  it('lists sections, tags and authors', async () => {
    const sections = await read('/api/content/sections');
    expect(sections.json.data.map((s: { slug: string }) => s.slug)).toEqual(reference.sections.map((s) => s.slug));
    const tags = await read('/api/content/tags?per_page=100');
    expect(tags.json.total).toBe(reference.tags.length);
    const authors = await read('/api/content/authors');
    expect(authors.json.data.map((a: { slug: string }) => a.slug).sort()).toEqual(reference.authors.map((a) => a.slug).sort());
    expect(authors.json.data.find((a: { slug: string }) => a.slug === 'jane-okafor').image?.alt).toBeTypeOf('string');
    expect(sections.headers.get('etag')).toBeTruthy();
  });

  it('serves the OpenAPI document at /api/docs without a key', async () => {
    const docs = await getJson(masthead.url, '/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.json.openapi).toBe('3.1.0');
    expect(docs.json.paths['/api/content/articles/{slug}'].get).toBeTruthy();
    expect((await getJson(masthead.url, '/api/docs.json')).json).toEqual(docs.json);
  });
});
