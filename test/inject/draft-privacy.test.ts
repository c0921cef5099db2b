import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../helpers/newsroom.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { referenceBundle } from '../helpers/server.js';
import { countRows } from '../helpers/rows.js';

// Another person's draft does not exist for someone who may not see it (content/policy.ts,
// mayKnowOfStory), whichever door they come through: the newsroom's story form or
// /api/admin/articles with their session. A slug one of those drafts holds gives them the
// next free address, as a taken headline does, instead of a refusal that tells the draft
// is there; naming it in `related` answers as for a story that does not exist. Editors,
// who see every story, keep the informative answers.

const ORIGIN = 'http://127.0.0.1';
type Role = 'editor' | 'alice' | 'bob';
const ROLES: Record<Role, 'editor' | 'contributor'> = { editor: 'editor', alice: 'contributor', bob: 'contributor' };
const PUBLISHED = 'walk-away-talks';
/** A story, or the error body, as /api/admin answers (only what these tests read). */
type ArticleAnswer = { id: number; slug: string; related: string[]; revision: number; error: { details: unknown } };

describe('other people’s drafts', () => {
  let site: NewsroomSite;
  const staff = {} as Record<Role, { cookie: string; csrf: string }>;

  const signIn = async (who: Role) => {
    const email = `${who}@example.org`;
    await addStaffRow(site.store, { email, name: who, role: ROLES[who], password: PASSWORD });
    const answer = await site.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email, password: PASSWORD }).toString(),
    });
    expect(answer.statusCode).toBe(303);
    const cookie = answer.cookies.find((c) => c.name === 'masthead_session')!.value;
    const page = await site.app.inject({ url: '/admin', cookies: { masthead_session: cookie } });
    staff[who] = { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
  };
  /** The newsroom's story form, as a browser posts it. */
  const form = (who: Role, url: string, fields: Record<string, string>) =>
    site.app.inject({
      method: 'POST',
      url,
      cookies: { masthead_session: staff[who].cookie },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: staff[who].csrf, ...fields }).toString(),
    });
  /** /api/admin with the person's session, as the newsroom's own scripts call it. */
  const api = async (who: Role, method: 'POST' | 'PATCH', url: string, body: unknown) => {
    const answer = await site.app.inject({
      method,
      url,
      cookies: { masthead_session: staff[who].cookie },
      headers: { origin: ORIGIN, 'x-csrf-token': staff[who].csrf, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    return { status: answer.statusCode, text: answer.body, json: JSON.parse(answer.body) as ArticleAnswer };
  };
  const slugOf = async (id: number) =>
    (await site.store.db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
  const storyCount = () => countRows(site.store.db, 'articles');
  const createdId = (location: unknown) => Number(/\/admin\/stories\/(\d+)/.exec(String(location))![1]);

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite', bundle: referenceBundle });
    for (const who of ['editor', 'alice', 'bob'] as const) await signIn(who);
    // Alice's draft, which Bob may not see.
    const made = await form('alice', '/admin/stories', { title: 'The merger nobody knows about', slug: 'secret-merger' });
    expect(made.statusCode, made.body.slice(0, 300)).toBe(303);
    expect((await site.app.inject({ url: `/api/admin/articles`, cookies: { masthead_session: staff.bob.cookie } })).body).not.toContain(
      'secret-merger',
    );
  });
  afterAll(() => site?.close());

  it('gives a contributor the next free slug, without a word, when a draft they cannot see holds it (story form)', async () => {
    const made = await form('bob', '/admin/stories', { title: 'My merger story', slug: 'secret-merger' });
    expect(made.statusCode, made.body.slice(0, 500)).toBe(303);
    const id = createdId(made.headers.location);
    expect(await slugOf(id)).toBe('secret-merger-2');
    const editorPage = await site.app.inject({
      url: `/admin/stories/${id}?notice=created`,
      cookies: { masthead_session: staff.bob.cookie },
    });
    expect(editorPage.body).not.toMatch(/already used|taken/i);

    // A save asking for it does the same, and keeps the address it has when that is the next free one.
    const saved = await form('bob', `/admin/stories/${id}`, { title: 'My merger story', slug: 'secret-merger' });
    expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
    expect(await slugOf(id)).toBe('secret-merger-2');
    // A published story's address is public: that clash is still named, and nothing changes.
    const clash = await form('bob', `/admin/stories/${id}`, { title: 'My merger story', slug: PUBLISHED });
    expect(clash.statusCode).toBe(400);
    expect(clash.body).toContain('already used by another story or page');
    expect(await slugOf(id)).toBe('secret-merger-2');
  });

  it('does the same through /api/admin/articles', async () => {
    const made = await api('bob', 'POST', '/api/admin/articles', { title: 'Second try', slug: 'secret-merger' });
    expect(made.status, made.text).toBe(201);
    expect(made.json.slug).toBe('secret-merger-3');
    expect(made.text).not.toMatch(/already used|taken/i);
    const patched = await api('bob', 'PATCH', `/api/admin/articles/${made.json.id}`, { slug: 'secret-merger' });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.slug).toBe('secret-merger-3');
    const before = await storyCount();
    const publicClash = await api('bob', 'POST', '/api/admin/articles', { title: 'Clash', slug: PUBLISHED });
    expect(publicClash.status).toBe(400);
    expect(publicClash.json.error.details).toEqual([{ field: 'slug', message: `"${PUBLISHED}" is already used by another story or page` }]);
    expect(await storyCount()).toBe(before);
  });

  it('answers a contributor naming a draft they cannot see in `related` as for a story that does not exist', async () => {
    const before = await storyCount();
    const hidden = await api('bob', 'POST', '/api/admin/articles', { title: 'Linked', related: ['secret-merger'] });
    const missing = await api('bob', 'POST', '/api/admin/articles', { title: 'Linked', related: ['no-such-story'] });
    expect(missing.status).toBe(400);
    expect(hidden.status, hidden.text).toBe(400);
    expect(hidden.text.replaceAll('secret-merger', 'no-such-story')).toBe(missing.text);
    expect(await storyCount()).toBe(before);

    // On a save of their own story too; a published story may be named, and is stored.
    const own = await api('bob', 'POST', '/api/admin/articles', { title: 'Own story', related: [PUBLISHED] });
    expect(own.status, own.text).toBe(201);
    expect(own.json.related).toEqual([PUBLISHED]);
    const patched = await api('bob', 'PATCH', `/api/admin/articles/${own.json.id}`, { related: [PUBLISHED, 'secret-merger'] });
    expect(patched.status).toBe(400);
    expect(patched.json.error.details).toEqual([{ field: 'related.1', message: 'no story "secret-merger"' }]);
    expect(
      (await site.app.inject({ url: `/api/admin/articles/${own.json.id}`, cookies: { masthead_session: staff.bob.cookie } })).json(),
    ).toMatchObject({ related: [PUBLISHED], revision: own.json.revision });
  });

  it('keeps a link an editor made on the contributor’s story when they save it back as they were shown it', async () => {
    const own = await api('bob', 'POST', '/api/admin/articles', { title: 'Edited by the desk' });
    const linked = await api('editor', 'PATCH', `/api/admin/articles/${own.json.id}`, { related: ['secret-merger'] });
    expect(linked.status, linked.text).toBe(200);
    const back = await api('bob', 'PATCH', `/api/admin/articles/${own.json.id}`, { related: ['secret-merger', PUBLISHED] });
    expect(back.status, back.text).toBe(200);
    expect(back.json.related).toEqual(['secret-merger', PUBLISHED]);
  });

  it('keeps the informative answers for editors, who see every draft', async () => {
    const before = await storyCount();
    const viaForm = await form('editor', '/admin/stories', { title: 'Desk story', slug: 'secret-merger' });
    expect(viaForm.statusCode).toBe(400);
    expect(viaForm.body).toContain('&quot;secret-merger&quot; is already used by another story or page');
    const viaApi = await api('editor', 'POST', '/api/admin/articles', { title: 'Desk story', slug: 'secret-merger' });
    expect(viaApi.status).toBe(400);
    expect(viaApi.json.error.details).toEqual([{ field: 'slug', message: '"secret-merger" is already used by another story or page' }]);
    expect(await storyCount()).toBe(before);
    const related = await api('editor', 'POST', '/api/admin/articles', { title: 'Desk story', related: ['secret-merger'] });
    expect(related.status, related.text).toBe(201);
    expect(related.json.related).toEqual(['secret-merger']);
  });
});
