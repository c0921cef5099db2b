import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, postForm, signIn, type StaffSession } from '../helpers/newsroom.js';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// Who may do what in the newsroom (issue 3, "every permission rule"): each role against
// its own story and against another person's draft, through the real HTTP forms. Every
// refusal is checked twice: the status, and that the story did not change.

const body = JSON.stringify({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The talks resumed at dawn.' }] }],
});
const complete = (title: string) => ({
  title,
  dek: 'A dek.',
  format: 'reporting',
  primary_section: 'europe',
  authors: 'jane-okafor',
  image: 'paris-quai',
  body,
});

function storyState(html: string) {
  return {
    title: /id="f-title"[^>]*value="([^"]*)"/.exec(html)?.[1] ?? null,
    stage: /class="stage stage-([a-z]+)"/.exec(html)?.[1] ?? null,
  };
}

async function createStory(session: StaffSession, title: string): Promise<number> {
  const answer = await session.post('/admin/stories', complete(title));
  expect(answer.status, answer.body.slice(0, 400)).toBe(303);
  return Number(/\/admin\/stories\/(\d+)/.exec(answer.location ?? '')![1]);
}

type Expect = 'ok' | 403 | 404;
const ROLES = ['contributor', 'author', 'editor', 'admin', 'owner'] as const;

/** Written out by hand from the role descriptions, not derived from the code. */
const ON_OTHERS_DRAFT: Record<(typeof ROLES)[number], Record<'view' | 'edit' | 'submit' | 'publish' | 'delete', Expect>> = {
  contributor: { view: 404, edit: 404, submit: 404, publish: 404, delete: 404 },
  author: { view: 404, edit: 404, submit: 404, publish: 404, delete: 404 },
  editor: { view: 'ok', edit: 'ok', submit: 'ok', publish: 'ok', delete: 'ok' },
  admin: { view: 'ok', edit: 'ok', submit: 'ok', publish: 'ok', delete: 'ok' },
  owner: { view: 'ok', edit: 'ok', submit: 'ok', publish: 'ok', delete: 'ok' },
};
const ON_OWN_DRAFT: Record<(typeof ROLES)[number], Record<'view' | 'edit' | 'submit' | 'publish' | 'delete', Expect>> = {
  contributor: { view: 'ok', edit: 'ok', submit: 'ok', publish: 403, delete: 'ok' },
  author: { view: 'ok', edit: 'ok', submit: 'ok', publish: 'ok', delete: 'ok' },
  editor: { view: 'ok', edit: 'ok', submit: 'ok', publish: 'ok', delete: 'ok' },
  admin: { view: 'ok', edit: 'ok', submit: 'ok', publish: 'ok', delete: 'ok' },
  owner: { view: 'ok', edit: 'ok', submit: 'ok', publish: 'ok', delete: 'ok' },
};
/** Newsroom screens by role: stories and media are open to all; management is not. */
const SCREENS: Array<[string, Record<(typeof ROLES)[number], Expect>]> = [
  ['/admin', { contributor: 'ok', author: 'ok', editor: 'ok', admin: 'ok', owner: 'ok' }],
  ['/admin/stories/new', { contributor: 'ok', author: 'ok', editor: 'ok', admin: 'ok', owner: 'ok' }],
  ['/admin/media', { contributor: 'ok', author: 'ok', editor: 'ok', admin: 'ok', owner: 'ok' }],
  ['/admin/sections', { contributor: 403, author: 403, editor: 'ok', admin: 'ok', owner: 'ok' }],
  ['/admin/tags', { contributor: 403, author: 403, editor: 'ok', admin: 'ok', owner: 'ok' }],
  ['/admin/authors', { contributor: 403, author: 403, editor: 'ok', admin: 'ok', owner: 'ok' }],
  ['/admin/staff', { contributor: 403, author: 403, editor: 403, admin: 'ok', owner: 'ok' }],
  ['/admin/settings', { contributor: 403, author: 403, editor: 403, admin: 'ok', owner: 'ok' }],
  ['/admin/subscribers', { contributor: 403, author: 403, editor: 'ok', admin: 'ok', owner: 'ok' }],
  // Other staff's reset links are in there (SMTP_URL is unset in these tests).
  ['/admin/outbox', { contributor: 403, author: 403, editor: 403, admin: 403, owner: 'ok' }],
];

describe.each(engines())('newsroom access on %s', (engine) => {
  let masthead: Masthead;
  const sessions = {} as Record<(typeof ROLES)[number] | 'writer', StaffSession>;

  beforeAll(async () => {
    masthead = await startMasthead({ engine, bundle: referenceBundle });
    for (const role of ROLES) await addStaff(masthead, { email: `${role}@example.com`, name: `The ${role}`, role });
    await addStaff(masthead, { email: 'writer@example.com', name: 'Another Writer', role: 'contributor' });
    for (const role of [...ROLES, 'writer'] as const) sessions[role] = await signIn(masthead.url, `${role}@example.com`);
  });
  afterAll(() => masthead?.stop());

  async function act(session: StaffSession, action: string, id: number): Promise<number> {
    switch (action) {
      case 'view':
        return (await session.get(`/admin/stories/${id}`)).status;
      case 'edit':
        return (await session.post(`/admin/stories/${id}`, { ...complete('Edited headline') })).status;
      case 'submit':
        return (await session.post(`/admin/stories/${id}/move`, { move: 'submit' })).status;
      case 'publish':
        return (await session.post(`/admin/stories/${id}/move`, { move: 'publish' })).status;
      case 'delete':
        return (await session.post(`/admin/stories/${id}/delete`, { confirm: 'yes' })).status;
      default:
        throw new Error(action);
    }
  }
  const allowedStatus = (action: string) => (action === 'view' ? 200 : 303);

  it.each(ROLES)("a %s on another person's draft gets exactly the rights of the table, and refusals change nothing", async (role) => {
    const id = await createStory(sessions.writer, `Draft of another writer for the ${role}`);
    for (const action of ['view', 'edit', 'submit', 'publish', 'delete'] as const) {
      const before = storyState((await sessions.writer.get(`/admin/stories/${id}`)).body);
      const expected = ON_OTHERS_DRAFT[role][action];
      const status = await act(sessions[role], action, id);
      expect(status, `${role} ${action}`).toBe(expected === 'ok' ? allowedStatus(action) : expected);
      if (expected !== 'ok') {
        const after = await sessions.writer.get(`/admin/stories/${id}`);
        expect(storyState(after.body), `${role} ${action} changed the story`).toEqual(before);
      }
    }
  });

  it.each(ROLES)('a %s on their own draft gets exactly the rights of the table', async (role) => {
    const id = await createStory(sessions[role], `Own draft of the ${role}`);
    for (const action of ['view', 'edit', 'submit', 'publish', 'delete'] as const) {
      const before = storyState((await sessions[role].get(`/admin/stories/${id}`)).body);
      const expected = ON_OWN_DRAFT[role][action];
      const status = await act(sessions[role], action, id);
      expect(status, `${role} ${action}`).toBe(expected === 'ok' ? allowedStatus(action) : expected);
      if (expected !== 'ok') expect(storyState((await sessions[role].get(`/admin/stories/${id}`)).body)).toEqual(before);
    }
  });

  it.each(SCREENS)('%s opens for the roles allowed to use it', async (path, rights) => {
    for (const role of ROLES) {
      const status = (await sessions[role].get(path)).status;
      expect(status, `${role} ${path}`).toBe(rights[role] === 'ok' ? 200 : rights[role]);
    }
  });

  it('lists only their own stories to contributors and every story to editors', async () => {
    const id = await createStory(sessions.writer, 'A story only its writer and editors list');
    expect((await sessions.contributor.get('/admin')).body).not.toContain(`/admin/stories/${id}"`);
    expect((await sessions.writer.get('/admin')).body).toContain(`/admin/stories/${id}"`);
    expect((await sessions.editor.get('/admin')).body).toContain(`/admin/stories/${id}"`);
  });

  it('refuses an unsafe request without the CSRF token or from another origin, changing nothing', async () => {
    const id = await createStory(sessions.editor, 'CSRF target');
    const noToken = await sessions.editor.post(`/admin/stories/${id}`, { title: 'Forged' }, { csrf: null });
    expect(noToken.status).toBe(403);
    const wrongToken = await sessions.editor.post(`/admin/stories/${id}`, { title: 'Forged' }, { csrf: 'not-the-token' });
    expect(wrongToken.status).toBe(403);
    const otherOrigin = await sessions.editor.post(`/admin/stories/${id}`, { title: 'Forged' }, { origin: 'https://evil.example' });
    expect(otherOrigin.status).toBe(403);
    const noOrigin = await sessions.editor.post(`/admin/stories/${id}`, { title: 'Forged' }, { origin: null });
    expect(noOrigin.status).toBe(403);
    // Another person's token is bound to their session, not this one.
    const borrowed = await sessions.editor.post(`/admin/stories/${id}`, { title: 'Forged' }, { csrf: await sessions.admin.csrf() });
    expect(borrowed.status).toBe(403);
    expect(storyState((await sessions.editor.get(`/admin/stories/${id}`)).body).title).toBe('CSRF target');
  });

  it('sends signed-out visitors to the sign-in page and refuses their posts', async () => {
    const page = await fetch(`${masthead.url}/admin/stories/new`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login?redirect=%2Fadmin%2Fstories%2Fnew');
    const post = await postForm(masthead.url, '/admin/stories', complete('Anonymous'));
    expect(post.status).toBe(401);
    expect((await sessions.editor.get('/admin?q=Anonymous')).body).not.toContain('>Anonymous<');
  });
});
