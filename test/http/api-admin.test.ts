import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// /api/admin (SPEC §7) against the real server on each engine, with keys made by
// `masthead apikey create`: the story round trip, bad input that changes nothing,
// conflicts, uploads by content type and size, and the key checks.

interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  text: string;
}

async function call(
  origin: string,
  method: string,
  url: string,
  options: { key?: string; body?: unknown; raw?: string; form?: FormData; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | FormData | undefined;
  if (options.form) body = options.form;
  else if (options.raw !== undefined) {
    body = options.raw;
    headers['content-type'] = 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(new URL(url, origin), { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: response.status, headers: response.headers, json, text };
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true });
    const files: string[] = [];
    for (const entry of entries) if ((await stat(path.join(dir, entry))).isFile()) files.push(entry);
    return files.sort();
  } catch {
    return [];
  }
}

async function createKey(masthead: Masthead, scope: 'admin' | 'content', name = `${scope} key`): Promise<string> {
  const created = await masthead.cli(['apikey', 'create', '--name', name, '--scope', scope]);
  expect(created.code, created.stderr).toBe(0);
  return created.stdout.trim();
}

const NEW_STORY = {
  title: 'Harbour talks resume in Valletta',
  dek: 'Negotiators return to the table after a week of silence.',
  format: 'reporting',
  sections: ['europe', 'qiosk'],
  tags: ['peace-talks'],
  authors: ['jane-okafor'],
  image: 'paris-quai',
  body: { format: 'markdown', source: 'The talks **resumed** on Tuesday.\n\n> A quiet week is over.' },
  excerpt: 'Talks resume.',
};

describe.each(engines())('/api/admin on %s', (engine) => {
  let masthead: Masthead;
  let admin: string;
  let content: string;
  const api = (method: string, url: string, options: Parameters<typeof call>[3] = {}) =>
    call(masthead.url, method, url, { key: admin, ...options });
  const storyCount = async () => (await api('GET', '/api/admin/articles?per_page=1')).json.total as number;
  const mediaCount = async () => (await api('GET', '/api/admin/media?per_page=1')).json.total as number;

  beforeAll(async () => {
    masthead = await startMasthead({ engine, bundle: referenceBundle });
    admin = await createKey(masthead, 'admin');
    content = await createKey(masthead, 'content');
  });
  afterAll(async () => {
    await masthead?.stop();
  });

  it('prints a key once in the mh_<scope>_ form and lists only its prefix', async () => {
    expect(admin).toMatch(/^mh_admin_[A-Za-z0-9_-]{43}$/);
    expect(content).toMatch(/^mh_content_[A-Za-z0-9_-]{43}$/);
    const listed = await masthead.cli(['apikey', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(admin.slice(0, 16));
    expect(listed.stdout).not.toContain(admin);
    expect(listed.stdout).not.toContain(content);
    const bad = await masthead.cli(['apikey', 'create', '--name', 'x', '--scope', 'root']);
    expect(bad.code).toBe(2);
  });

  it('answers 401 with WWW-Authenticate without a valid key, and 403 to a content key', async () => {
    for (const key of [undefined, 'mh_admin_' + 'A'.repeat(43), 'not-a-key']) {
      const answer = await call(masthead.url, 'GET', '/api/admin/articles', { key });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(answer.json.error.code).toBe('UNAUTHORIZED');
      expect(answer.json.error.message).toBeTruthy();
    }
    const forged = await call(masthead.url, 'GET', '/api/admin/articles', { headers: { cookie: 'masthead_session=forged' } });
    expect(forged.status).toBe(401);
    const scoped = await call(masthead.url, 'POST', '/api/admin/articles', { key: content, body: { title: 'Nope' } });
    expect(scoped.status).toBe(403);
    expect(scoped.json.error.code).toBe('INSUFFICIENT_SCOPE');
  });

  it('creates, reads, changes, moves, annotates and deletes a story', async () => {
    const before = await storyCount();
    const created = await api('POST', '/api/admin/articles', { body: NEW_STORY });
    expect(created.status, created.text).toBe(201);
    const id = created.json.id as number;
    expect(id).toBeGreaterThan(0);
    expect(created.json.url).toBe(`${masthead.url}/harbour-talks-resume-in-valletta`);
    expect(created.headers.get('location')).toBe(`/api/admin/articles/${id}`);
    expect(created.json).toMatchObject({
      slug: 'harbour-talks-resume-in-valletta',
      title: NEW_STORY.title,
      dek: NEW_STORY.dek,
      format: 'reporting',
      sections: ['europe', 'qiosk'],
      tags: ['peace-talks'],
      authors: ['jane-okafor'],
      image: 'paris-quai',
      excerpt: 'Talks resume.',
      stage: 'draft',
      status: 'draft',
    });
    expect(created.json.body.type).toBe('doc');
    expect(JSON.stringify(created.json.body)).toContain('blockquote');
    expect(await storyCount()).toBe(before + 1);

    const read = await api('GET', `/api/admin/articles/${id}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(created.json);

    const changed = await api('PATCH', `/api/admin/articles/${id}`, {
      body: { title: 'Harbour talks resume', revision: read.json.revision },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.title).toBe('Harbour talks resume');
    expect(changed.json.revision).toBeGreaterThan(read.json.revision);
    expect(changed.json.sections).toEqual(['europe', 'qiosk']);

    const listed = await api('GET', '/api/admin/articles?q=harbour&status=draft');
    expect(listed.status).toBe(200);
    expect(listed.json.data.map((s: { id: number }) => s.id)).toEqual([id]);

    const note = await api('POST', `/api/admin/articles/${id}/notes`, { body: { kind: 'correction', note: 'Not yet.' } });
    expect(note.status).toBe(409);
    expect(note.json.error.code).toBe('NOT_PUBLISHED');

    const published = await api('POST', `/api/admin/articles/${id}/moves`, { body: { move: 'publish' } });
    expect(published.status, published.text).toBe(200);
    expect(published.json).toMatchObject({ stage: 'published', status: 'published' });
    expect(published.json.published_at).toBeTruthy();
    const page = await fetch(`${masthead.url}/harbour-talks-resume-in-valletta`);
    expect(page.status).toBe(200);
    await page.arrayBuffer();

    const noted = await api('POST', `/api/admin/articles/${id}/notes`, {
      body: { kind: 'correction', note: 'An earlier version misnamed the city.' },
    });
    expect(noted.status, noted.text).toBe(201);
    expect(noted.json.updated_at).toBeTruthy();

    const badMove = await api('POST', `/api/admin/articles/${id}/moves`, { body: { move: 'return' } });
    expect(badMove.status).toBe(409);
    expect(badMove.json.error.code).toBe('INVALID_MOVE');

    const deleted = await api('DELETE', `/api/admin/articles/${id}`);
    expect(deleted.status).toBe(204);
    expect((await api('GET', `/api/admin/articles/${id}`)).status).toBe(404);
    expect(await storyCount()).toBe(before);
  });

  it('refuses an unknown section with 400 naming sections.0, and stores nothing', async () => {
    const before = await storyCount();
    const answer = await api('POST', '/api/admin/articles', {
      body: { ...NEW_STORY, title: 'Never stored', sections: ['nowhere', 'europe'] },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('INVALID');
    expect(answer.json.error.details).toContainEqual({ field: 'sections.0', message: 'no section "nowhere"' });
    expect(answer.json.error.message).toContain('sections.0');
    expect(await storyCount()).toBe(before);
    expect((await api('GET', '/api/admin/articles?q=never%20stored')).json.total).toBe(0);
  });

  it('refuses unknown fields, __proto__, bad JSON and malformed ids, changing nothing', async () => {
    const before = await storyCount();
    const unknown = await api('POST', '/api/admin/articles', { body: { title: 'X', stage: 'published' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toContain('stage');
    const proto = await api('POST', '/api/admin/articles', { raw: '{"title":"Polluted","__proto__":{"role":"owner"}}' });
    expect(proto.status).toBe(400);
    expect(proto.json.error.code).toBe('INVALID');
    const constructor = await api('POST', '/api/admin/sections', { raw: '{"slug":"x","name":"X","constructor":{"prototype":{"a":1}}}' });
    expect(constructor.status).toBe(400);
    const broken = await api('POST', '/api/admin/articles', { raw: '{"title": ' });
    expect(broken.status).toBe(400);
    expect(broken.json.error).toBeTruthy();
    for (const id of ['1e3', '01', 'abc', '-1']) {
      const answer = await api('GET', `/api/admin/articles/${id}`);
      expect(answer.status, id).toBe(400);
      expect(answer.json.error.details[0].field).toBe('id');
    }
    expect(await storyCount()).toBe(before);
    const unknownRoute = await api('GET', '/api/admin/nothing-here');
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.json.error.code).toBe('NOT_FOUND');
  });

  it('answers a stale revision with 409 naming when, and changes nothing', async () => {
    const created = await api('POST', '/api/admin/articles', {
      body: { title: 'Conflicted draft', body: { format: 'markdown', source: 'First.' } },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as number;
    const stale = created.json.revision as number;
    const first = await api('PATCH', `/api/admin/articles/${id}`, { body: { dek: 'First save wins', revision: stale } });
    expect(first.status).toBe(200);
    const second = await api('PATCH', `/api/admin/articles/${id}`, {
      body: { dek: 'Second save must not land', title: 'Overwritten', revision: stale },
    });
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('CONFLICT');
    expect(second.json.error.details).toMatchObject({ revision: first.json.revision, modified_at: first.json.modified_at });
    const after = await api('GET', `/api/admin/articles/${id}`);
    expect(after.json).toEqual(first.json);
  });

  it('manages sections, tags and authors with validation and in-use protection', async () => {
    const made = await api('POST', '/api/admin/sections', { body: { slug: 'africa', name: 'Africa', description: 'From the continent' } });
    expect(made.status, made.text).toBe(201);
    expect(made.json).toMatchObject({ slug: 'africa', name: 'Africa', layout: 'standard' });
    expect((await api('POST', '/api/admin/sections', { body: { slug: 'africa', name: 'Again' } })).status).toBe(409);
    const badSlug = await api('POST', '/api/admin/sections', { body: { slug: 'Not A Slug', name: 'Bad' } });
    expect(badSlug.status).toBe(400);
    expect(badSlug.json.error.details[0].field).toBe('slug');
    const renamed = await api('PATCH', '/api/admin/sections/africa', { body: { name: 'Africa desk' } });
    expect(renamed.json.name).toBe('Africa desk');
    expect((await api('PATCH', '/api/admin/sections/africa', { body: { slug: 'moved' } })).status).toBe(400);
    const sections = await api('GET', '/api/admin/sections');
    expect(sections.json.data.map((s: { slug: string }) => s.slug)).toContain('africa');
    const inUse = await api('DELETE', '/api/admin/sections/europe');
    expect(inUse.status).toBe(409);
    expect(inUse.json.error.code).toBe('IN_USE');
    expect((await api('GET', '/api/admin/sections/europe')).status).toBe(200);
    expect((await api('DELETE', '/api/admin/sections/africa')).status).toBe(204);
    expect((await api('GET', '/api/admin/sections/africa')).status).toBe(404);

    const tag = await api('POST', '/api/admin/tags', { body: { name: 'Grain Exports', kind: 'topic' } });
    expect(tag.status, tag.text).toBe(201);
    expect(tag.json).toMatchObject({ slug: 'grain-exports', kind: 'topic' });
    expect((await api('POST', '/api/admin/tags', { body: { name: 'X', kind: 'planet' } })).status).toBe(400);
    const tags = await api('GET', '/api/admin/tags?per_page=100');
    expect(tags.json.data.map((t: { slug: string }) => t.slug)).toContain('grain-exports');

    const author = await api('POST', '/api/admin/authors', { body: { slug: 'ada-mensah', name: 'Ada Mensah', image: 'okafor-portrait' } });
    expect(author.status, author.text).toBe(201);
    expect(author.json).toMatchObject({ slug: 'ada-mensah', image: 'okafor-portrait' });
    const noImage = await api('POST', '/api/admin/authors', { body: { slug: 'ghost', name: 'Ghost', image: 'missing-image' } });
    expect(noImage.status).toBe(400);
    expect(noImage.json.error.details[0].field).toBe('image');
    expect((await api('GET', '/api/admin/authors/ghost')).status).toBe(404);
    expect((await api('DELETE', '/api/admin/authors/jane-okafor')).status).toBe(409);
  });

  it('stores an uploaded JPEG with its variants on disk and finds it by search', async () => {
    const jpeg = await readFile(path.join(path.dirname(referenceBundle), 'images', 'desert-road.jpg'));
    const form = new FormData();
    form.append('alt', 'A road through the desert at dusk');
    form.append('caption', 'The road south');
    form.append('credit', 'Photo: Example Agency');
    form.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'desert road.JPG');
    const answer = await api('POST', '/api/admin/media', { form });
    expect(answer.status, answer.text).toBe(201);
    // Answered once the original is stored; the jobs worker makes the variants.
    expect(answer.json).toMatchObject({
      mime: 'image/jpeg',
      alt: 'A road through the desert at dusk',
      credit: 'Photo: Example Agency',
      status: 'processing',
    });
    expect(answer.json.id).toMatch(/^desert-road-[0-9a-f]{6}$/);
    let ready = answer;
    for (let i = 0; i < 100 && ready.json.status !== 'ready'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      ready = await api('GET', `/api/admin/media/${answer.json.id}`);
    }
    expect(ready.json.status).toBe('ready');
    expect(ready.json.variants.length).toBeGreaterThanOrEqual(3);
    for (const url of [ready.json.url, ...ready.json.variants.map((v: { url: string }) => v.url)]) {
      const relative = new URL(url).pathname.replace(/^\/media\//, '');
      expect((await stat(path.join(masthead.env.MEDIA_DIR!, relative))).size).toBeGreaterThan(0);
    }
    const served = await fetch(ready.json.variants[0].url);
    expect(served.status).toBe(200);
    await served.arrayBuffer();
    // The original stays on disk for re-processing but is never served: it keeps its EXIF.
    const stem = new URL(ready.json.variants[0].url).pathname.replace(/-\d+\.(jpg|webp|avif)$/, '');
    const original = await fetch(`${masthead.url}${stem}.orig.jpg`);
    expect(original.status).toBe(404);
    await original.arrayBuffer();
    const found = await api('GET', '/api/admin/media?q=desert%20at%20dusk');
    expect(found.json.data.map((m: { id: string }) => m.id)).toEqual([answer.json.id]);
    const edited = await api('PATCH', `/api/admin/media/${answer.json.id}`, { body: { caption: 'Route 12, heading south' } });
    expect(edited.json.caption).toBe('Route 12, heading south');
  });

  it('refuses a text file named .jpg, an SVG and a form without a file with nothing stored', async () => {
    const before = { rows: await mediaCount(), files: await filesUnder(masthead.env.MEDIA_DIR!) };
    const fake = new FormData();
    fake.append('file', new Blob(['just some text, not an image\n'], { type: 'image/jpeg' }), 'photo.jpg');
    fake.append('alt', 'fake');
    const answer = await api('POST', '/api/admin/media', { form: fake });
    expect(answer.status).toBe(415);
    expect(answer.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(answer.json.error.message).toMatch(/not an accepted image/);

    const svg = new FormData();
    svg.append(
      'file',
      new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], { type: 'image/svg+xml' }),
      'logo.svg',
    );
    expect((await api('POST', '/api/admin/media', { form: svg })).status).toBe(415);

    const noFile = new FormData();
    noFile.append('alt', 'no file');
    const missing = await api('POST', '/api/admin/media', { form: noFile });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details[0].field).toBe('file');

    const extra = new FormData();
    extra.append('file', new Blob([await readFile(path.join(path.dirname(referenceBundle), 'images', 'capitol.jpg'))]), 'capitol.jpg');
    extra.append('owner', 'me');
    const unknownField = await api('POST', '/api/admin/media', { form: extra });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.error.message).toContain('owner');

    const asJson = await api('POST', '/api/admin/media', { body: { file: 'aGVsbG8=' } });
    expect(asJson.status).toBe(415);

    expect(await mediaCount()).toBe(before.rows);
    expect(await filesUnder(masthead.env.MEDIA_DIR!)).toEqual(before.files);
  });

  it('refuses an upload over 20 MB with 413 and nothing stored', async () => {
    const before = { rows: await mediaCount(), files: await filesUnder(masthead.env.MEDIA_DIR!) };
    const big = Buffer.alloc(21 * 1024 * 1024, 0);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const form = new FormData();
    form.append('file', new Blob([big], { type: 'image/jpeg' }), 'huge.jpg');
    const answer = await api('POST', '/api/admin/media', { form });
    expect(answer.status).toBe(413);
    expect(answer.json.error.code).toBe('TOO_LARGE');
    expect(await mediaCount()).toBe(before.rows);
    expect(await filesUnder(masthead.env.MEDIA_DIR!)).toEqual(before.files);
  });

  it('stops accepting a key once it is revoked', async () => {
    const key = await createKey(masthead, 'admin', 'to revoke');
    expect((await call(masthead.url, 'GET', '/api/admin/sections', { key })).status).toBe(200);
    const listed = await masthead.cli(['apikey', 'list']);
    const id = listed.stdout
      .split('\n')
      .find((line) => line.includes('to revoke'))!
      .split('\t')[0]!;
    expect(listed.stdout).toMatch(/to revoke\tlast used 20/);
    const revoked = await masthead.cli(['apikey', 'revoke', id]);
    expect(revoked.code, revoked.stderr).toBe(0);
    const refused = await call(masthead.url, 'GET', '/api/admin/sections', { key });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await masthead.cli(['apikey', 'revoke', id])).code).toBe(1);
  });
});
