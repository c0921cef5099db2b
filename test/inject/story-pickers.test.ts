import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TAG_OPTIONS } from '../../src/store/stories/story-editor-options.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { PASSWORD } from '../helpers/newsroom.js';
import { countRows } from '../helpers/rows.js';
import { referenceBundle } from '../helpers/server.js';

// The story editor's pickers with 5,000 tags (issue 13, "Pickers that scale"): the editor
// page lists the story's own tags and the first by name, not all of them; the picker
// searches /admin/tags.json and /admin/authors.json twenty at a time, names that start
// with the text first; "create tag" goes through the tag service, finds a tag that
// exists, and refuses bad input without writing anything. The order the picker posts is
// the order the story keeps (the first section is the primary one).

const ORIGIN = 'http://127.0.0.1';
const TAGS = 5_000;
type Item = { value: string; label: string; name: string; kind?: string };

describe('the story pickers with 5,000 tags', () => {
  let site: NewsroomSite;
  let cookie = '';
  let csrf = '';

  const get = (url: string) => site.app.inject({ url, cookies: { masthead_session: cookie } });
  const items = async (url: string) => {
    const answer = await get(url);
    expect(answer.statusCode, answer.body.slice(0, 300)).toBe(200);
    return (JSON.parse(answer.body) as { items: Item[] }).items;
  };
  const createTag = (body: unknown, token: string | null = csrf) =>
    site.app.inject({
      method: 'POST',
      url: '/admin/tags.json',
      cookies: { masthead_session: cookie },
      headers: { origin: ORIGIN, 'content-type': 'application/json', ...(token ? { 'x-csrf-token': token } : {}) },
      payload: JSON.stringify(body),
    });
  const postForm = (url: string, fields: Array<[string, string]>) =>
    site.app.inject({
      method: 'POST',
      url,
      cookies: { masthead_session: cookie },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['_csrf', csrf], ...fields]).toString(),
    });
  /** The options of the editor page's plain tag select (the no-JavaScript field). */
  const tagOptionsOf = (html: string) => {
    const select = /<select id="f-tags"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
    return [...select.matchAll(/<option value="([^"]+)"( selected)?/g)].map((m) => ({ value: m[1]!, selected: !!m[2] }));
  };

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite', bundle: referenceBundle });
    // A contributor: the least a writer may be, and still allowed to make tags.
    await addStaffRow(site.store, { email: 'writer@example.org', name: 'Wren Writer', role: 'contributor', password: PASSWORD });
    const login = await site.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: 'writer@example.org', password: PASSWORD }).toString(),
    });
    expect(login.statusCode).toBe(303);
    cookie = login.cookies.find((c) => c.name === 'masthead_session')!.value;
    csrf = /name="_csrf" value="([^"]+)"/.exec((await get('/admin')).body)![1]!;
    const rows = Array.from({ length: TAGS }, (_, i) => ({
      slug: `bulk-tag-${String(i).padStart(4, '0')}`,
      name: `Bulk tag ${String(i).padStart(4, '0')}`,
      kind: 'topic' as const,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await site.store.db
        .insertInto('tags')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  afterAll(() => site?.close());

  it('lists the first tags by name on the editor page, not all 5,000, and keeps a story’s own tag wherever it sorts', async () => {
    const page = await get('/admin/stories/new');
    expect(page.statusCode).toBe(200);
    const options = tagOptionsOf(page.body);
    expect(options.length).toBe(EDITOR_TAG_OPTIONS);
    expect(page.body).toContain('Only the first tags by name are listed');
    expect(page.body).toContain('data-source="/admin/tags.json"');

    const made = await postForm('/admin/stories', [
      ['title', 'Tagged far down the list'],
      ['tags', 'bulk-tag-4999'],
      ['tags', 'paris'],
    ]);
    expect(made.statusCode, made.body.slice(0, 300)).toBe(303);
    const edit = await get(made.headers.location!.replace(/\?.*$/, ''));
    const selected = tagOptionsOf(edit.body).filter((o) => o.selected);
    expect(selected.map((o) => o.value).sort()).toEqual(['bulk-tag-4999', 'paris']);
  });

  it('searches tags twenty at a time, names starting with the text first', async () => {
    expect(await items('/admin/tags.json?q=bulk%20tag%20499')).toHaveLength(10);
    const some = await items('/admin/tags.json?q=tag');
    expect(some).toHaveLength(20);
    expect(some[0]).toEqual({ value: 'bulk-tag-0000', label: 'Bulk tag 0000 (topic)', name: 'Bulk tag 0000', kind: 'topic' });
    // "pa": Paris starts with it; "Peace talks" does not contain it; the bulk tags do not.
    expect((await items('/admin/tags.json?q=pa')).map((i) => i.value)).toEqual(['paris']);
    // "ar": Lena Marsh and Paris contain it, neither starts with it: by name.
    expect((await items('/admin/tags.json?q=ar')).map((i) => i.value)).toEqual(['lena-marsh', 'paris']);
    // LIKE's own characters are text.
    expect(await items('/admin/tags.json?q=%25')).toEqual([]);
    expect((await items('/admin/authors.json?q=oka')).map((i) => i.label)).toEqual(['Jane Okafor']);
  });

  it('creates a tag of the kind asked for, and answers an existing one instead of a second', async () => {
    const before = await countRows(site.store.db, 'tags');
    const made = await createTag({ name: 'Harbour pilots', kind: 'organization' });
    expect(made.statusCode, made.body).toBe(201);
    expect(JSON.parse(made.body)).toEqual({
      item: { value: 'harbour-pilots', label: 'Harbour pilots (organization)', name: 'Harbour pilots', kind: 'organization' },
      created: true,
    });
    const again = await createTag({ name: 'harbour Pilots', kind: 'topic' });
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ item: { value: 'harbour-pilots', kind: 'organization' }, created: false });
    expect(await countRows(site.store.db, 'tags')).toBe(before + 1);
  });

  it('refuses a tag with no name, an unknown kind, a name with no letter or digit, or no CSRF token, and writes nothing', async () => {
    const before = await countRows(site.store.db, 'tags');
    for (const [body, message] of [
      [{ name: '', kind: 'topic' }, /name/],
      [{ name: 'Dock workers', kind: 'animal' }, /kind/],
      [{ name: '!!!', kind: 'topic' }, /letter or a digit/],
    ] as const) {
      const refused = await createTag(body);
      expect(refused.statusCode, refused.body).toBe(400);
      expect((JSON.parse(refused.body) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect((await createTag({ name: 'Dock workers', kind: 'topic' }, null)).statusCode).toBe(403);
    expect(await countRows(site.store.db, 'tags')).toBe(before);
  });

  it('keeps the order the pickers post: the first section is the primary one, the byline in its order', async () => {
    // What combobox.ts posts: the primary select holds the first chip, the multi-select every chip in order.
    const made = await postForm('/admin/stories', [
      ['title', 'Sections in the order chosen'],
      ['primary_section', 'washington'],
      ['sections', 'washington'],
      ['sections', 'europe'],
      ['sections', 'qiosk'],
      ['authors', 'tomas-reiner'],
      ['authors', 'jane-okafor'],
    ]);
    expect(made.statusCode, made.body.slice(0, 300)).toBe(303);
    const id = Number(/\/admin\/stories\/(\d+)/.exec(made.headers.location!)![1]);
    const db = site.store.db;
    const sections = await db
      .selectFrom('article_sections')
      .innerJoin('sections', 'sections.id', 'article_sections.section_id')
      .select('sections.slug')
      .where('article_sections.article_id', '=', id)
      .orderBy('article_sections.position')
      .execute();
    const authors = await db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select('authors.slug')
      .where('article_authors.article_id', '=', id)
      .orderBy('article_authors.position')
      .execute();
    expect(sections.map((r) => r.slug)).toEqual(['washington', 'europe', 'qiosk']);
    expect(authors.map((r) => r.slug)).toEqual(['tomas-reiner', 'jane-okafor']);
  });
});
