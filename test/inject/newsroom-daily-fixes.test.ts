import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storyEventSink } from '../../src/editorial/story-events.js';
import { updateStory } from '../../src/editorial/update-story.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { referenceBundle } from '../helpers/server.js';

// Issue 13, "Fix first", through the app in this process on SQLite: the workflow buttons
// save what the form holds and then move that revision in one request (without
// JavaScript); a conflict names someone else's change in the publication's clock, never
// the writer's own save; the autosave answer, revision ranges and the public note time
// carry the zone; stage counts are filter links; "did you mean" only when nothing was found.

const ORIGIN = 'http://127.0.0.1';
const PASSWORD = 'a long enough test password';
const ZONE_NAME = /\b(CET|GMT\+1)\b/; // Europe/Berlin (the reference publication) in winter
const RAW_UTC = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

const body = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const complete = (title: string) => ({
  title,
  dek: 'A dek.',
  format: 'reporting',
  primary_section: 'europe',
  image: 'paris-quai',
  authors: 'jane-okafor',
  body: body('The talks resumed at dawn.'),
});

describe('the newsroom’s daily fixes', () => {
  let site: NewsroomSite;
  const cookies: Record<string, string> = {};
  const ids: Record<string, number> = {};

  const get = (who: string, url: string) => site.app.inject({ url, cookies: { masthead_session: cookies[who]! } });
  const csrf = async (who: string) => /name="_csrf" value="([^"]+)"/.exec((await get(who, '/admin/stories/new')).body)?.[1] ?? '';
  const post = async (who: string, url: string, form: Record<string, string>) =>
    site.app.inject({
      method: 'POST',
      url,
      cookies: { masthead_session: cookies[who]! },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: await csrf(who), ...form }).toString(),
    });
  const autosave = async (who: string, id: number, fields: Record<string, unknown>) => {
    const answer = await site.app.inject({
      method: 'POST',
      url: `/admin/stories/${id}/autosave`,
      cookies: { masthead_session: cookies[who]! },
      headers: { origin: ORIGIN, 'content-type': 'application/json', 'x-csrf-token': await csrf(who) },
      payload: JSON.stringify(fields),
    });
    type Answer = { revision?: number; saved_at_label?: string; error?: { message: string; details: { modified_at: string } } };
    return { status: answer.statusCode, json: answer.json<Answer>() };
  };
  const story = (id: number) =>
    site.store.db.selectFrom('articles').select(['title', 'stage', 'revision']).where('id', '=', id).executeTakeFirstOrThrow();
  const create = async (title: string) => {
    const answer = await post('editor', '/admin/stories', complete(title));
    expect(answer.statusCode, answer.body.slice(0, 400)).toBe(303);
    return Number(/\/admin\/stories\/(\d+)/.exec(answer.headers.location as string)![1]);
  };

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite', bundle: referenceBundle });
    for (const [who, name, role] of [
      ['editor', 'Wendy Writer', 'editor'],
      ['admin', 'Ada Admin', 'admin'],
    ] as const) {
      ids[who] = await addStaffRow(site.store, { email: `${who}@example.org`, name, role, password: PASSWORD });
      const signedIn = await site.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: `${who}@example.org`, password: PASSWORD }).toString(),
      });
      expect(signedIn.statusCode).toBe(303);
      cookies[who] = signedIn.cookies.find((c) => c.name === 'masthead_session')!.value;
    }
  });
  afterAll(() => site?.close());

  it('makes the workflow buttons submit buttons of the story form, posting to the move', async () => {
    const id = await create('Buttons of the form');
    const html = (await get('editor', `/admin/stories/${id}`)).body;
    const buttons = [...html.matchAll(/<button[^>]*name="move"[^>]*>/g)].map((m) => m[0]);
    expect(buttons.length).toBeGreaterThan(0);
    for (const button of buttons) {
      expect(button).toContain('form="story-form"');
      expect(button).toMatch(new RegExp(`formaction="/admin/stories/${id}/move"`, 'i'));
    }
    expect(html).not.toContain('class="move-form"');
    expect(html).toMatch(/<input[^>]*form="story-form"[^>]*name="publish_at"/);
  });

  it('saves the form, then moves the revision that save produced, in one request', async () => {
    const id = await create('Before the last edit');
    const before = await story(id);
    // An autosave first (the revision the page held is now stale; the form carries the new one).
    const saved = await autosave('editor', id, { title: 'Autosaved headline', revision: before.revision });
    expect(saved.status).toBe(200);
    const moved = await post('editor', `/admin/stories/${id}/move`, {
      ...complete('The last edit, published'),
      revision: String(saved.json.revision),
      move: 'publish',
    });
    expect(moved.statusCode, moved.body.slice(0, 600)).toBe(303);
    expect(moved.headers.location).toBe(`/admin/stories/${id}?notice=moved`);
    expect(await story(id)).toMatchObject({ title: 'The last edit, published', stage: 'published' });
  });

  it('refuses a bad move before writing anything, and keeps the edits when the move itself is refused', async () => {
    const id = await create('Unchanged headline');
    const before = await story(id);
    const bad = await post('editor', `/admin/stories/${id}/move`, {
      ...complete('Must not be saved'),
      revision: String(before.revision),
      move: 'teleport',
    });
    expect(bad.statusCode).toBe(400);
    expect(await story(id)).toEqual(before);

    // A schedule without its time: the edits are kept, the move is not made, and the page says both.
    const noTime = await post('editor', `/admin/stories/${id}/move`, {
      ...complete('Kept although not scheduled'),
      revision: String(before.revision),
      move: 'schedule',
      publish_at: '',
    });
    expect(noTime.statusCode).toBe(400);
    expect(noTime.body).toContain('Your changes were saved, but the story was not moved:');
    expect(noTime.body).not.toContain('Nothing was saved');
    expect(noTime.body).toContain('a scheduled story needs a date and time');
    expect(await story(id)).toMatchObject({ title: 'Kept although not scheduled', stage: before.stage });
  });

  it('names someone else’s change in the publication’s clock, and never the writer as their own rival', async () => {
    const id = await create('Two tabs');
    const { revision } = await story(id);
    expect((await autosave('editor', id, { title: 'From the first tab', revision })).status).toBe(200);
    const own = await autosave('editor', id, { title: 'From the second tab', revision });
    expect(own.status).toBe(409);
    const ownMessage = own.json.error!.message;
    expect(ownMessage).toMatch(/^You saved this story in another window at /);
    expect(ownMessage).not.toContain('Wendy Writer');
    expect(ownMessage).toMatch(ZONE_NAME);
    expect(ownMessage).not.toMatch(RAW_UTC);

    const current = await story(id);
    expect((await autosave('admin', id, { title: 'The admin’s version', revision: current.revision })).status).toBe(200);
    const theirs = await autosave('editor', id, { title: 'Too late', revision: current.revision });
    expect(theirs.status).toBe(409);
    const theirMessage = theirs.json.error!.message;
    expect(theirMessage).toMatch(/changed by Ada Admin at /);
    expect(theirMessage).toMatch(ZONE_NAME);
    expect(theirMessage).not.toMatch(RAW_UTC);
    // Machines still get the instant itself.
    expect(theirs.json.error!.details.modified_at).toMatch(RAW_UTC);
    expect((await story(id)).title).toBe('The admin’s version');
  });

  it('answers an autosave with its time in the publication’s zone, named', async () => {
    const id = await create('Autosave clock');
    const saved = await autosave('editor', id, { title: 'Autosave clock, saved', revision: (await story(id)).revision });
    expect(saved.status).toBe(200);
    expect(saved.json.saved_at_label).toMatch(ZONE_NAME);
  });

  it('shows a revision that merged several saves as the range from its first to its last', async () => {
    const id = await create('Range of saves');
    const ctx = { db: site.store.db, events: storyEventSink(ORIGIN), dialect: site.store.dialect };
    const actor = { id: ids.editor!, role: 'editor' as const };
    // Two saves four minutes apart on a winter morning: one revision, 10:00 to 10:04 in Berlin.
    const first = await updateStory(ctx, actor, id, { title: 'Range, first save' }, new Date('2030-01-15T09:00:00Z'));
    await updateStory(ctx, actor, id, { title: 'Range, last save', revision: first.revision }, new Date('2030-01-15T09:04:00Z'));
    const html = (await get('editor', `/admin/stories/${id}/revisions`)).body;
    const item = /<li><a href="[^"]*compare=\d+">Revision \d+<\/a>, ([^<]*)/.exec(html)?.[1] ?? '';
    expect(item).toMatch(/15 Jan 2030, 10:00\s*–\s*10:04/);
    expect(item).toMatch(ZONE_NAME);
  });

  it('makes each stage count a link to the list filtered to that stage', async () => {
    const html = (await get('editor', '/admin?stage=review')).body;
    const counts = /<ul class="stage-counts"[^>]*>([\s\S]*?)<\/ul>/.exec(html)![1]!;
    expect(counts).toContain('href="/admin?stage=draft"');
    expect(counts).toMatch(/href="\/admin\?stage=review" aria-current="page"/);
  });

  it('offers "did you mean" only when the search found nothing', async () => {
    const found = await site.app.inject({ url: '/search?q=walk+away+talk' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('1 story matches');
    expect(found.body).not.toContain('search-suggestion');
    const none = await site.app.inject({ url: '/search?q=Lena+Marsch' });
    expect(none.body).toContain('No stories match');
    expect(none.body).toMatch(/Did you mean <a[^>]*>Lena Marsh<\/a>/);
  });
});
