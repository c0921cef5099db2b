import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESENCE_TIMEOUT_MS } from '../../src/editorial/story-presence.js';
import { loadPublicationSettings } from '../../src/store/publication/settings-repository.js';
import { PASSWORD } from '../helpers/newsroom.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { draftIssue } from '../helpers/newsletter.js';
import { referenceBundle } from '../helpers/server.js';

// Issue 13, the story editor's own requests: the soft lock ("Ada Admin is editing (since
// 10:32 AM EST)": heartbeat, goodbye, timeout), the preview framed at desktop and phone
// width (and the newsletter's email), and the upload from inside the editor. Every
// refusal is checked to change nothing.

const ORIGIN = 'http://127.0.0.1';
type Who = 'ada' | 'eddie' | 'carla';
const PEOPLE: Record<Who, { name: string; role: 'admin' | 'editor' | 'contributor' }> = {
  ada: { name: 'Ada Admin', role: 'admin' },
  eddie: { name: 'Eddie Editor', role: 'editor' },
  carla: { name: 'Carla Contributor', role: 'contributor' },
};

describe('the story editor: soft lock, preview, upload', () => {
  let site: NewsroomSite;
  let storyId: number;
  const staff = {} as Record<Who, { cookie: string; csrf: string }>;

  const signIn = async (who: Who) => {
    const email = `${who}@example.org`;
    await addStaffRow(site.store, { email, name: PEOPLE[who].name, role: PEOPLE[who].role, password: PASSWORD });
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
  const get = (who: Who, url: string) => site.app.inject({ url, cookies: { masthead_session: staff[who].cookie } });
  /** The editor page's heartbeat, as presence.ts sends it. */
  const visits: Record<Who, string> = { ada: 'ada-visit-1', eddie: 'eddie-visit-1', carla: 'carla-visit-1' };
  const heartbeat = async (who: Who, id = storyId, csrf = staff[who].csrf, visit: unknown = visits[who]) => {
    const answer = await site.app.inject({
      method: 'POST',
      url: `/admin/stories/${id}/presence`,
      cookies: { masthead_session: staff[who].cookie },
      headers: { origin: ORIGIN, 'x-csrf-token': csrf, accept: 'application/json', 'content-type': 'application/json' },
      payload: JSON.stringify({ visit }),
    });
    const json = String(answer.headers['content-type']).startsWith('application/json') ? JSON.parse(answer.body) : {};
    return { status: answer.statusCode, json: json as { message?: string; others?: Array<{ name: string }> } };
  };
  /** The goodbye, as navigator.sendBeacon posts it: a form body, the token in it. */
  const leave = (who: Who, csrf = staff[who].csrf, visit = visits[who]) =>
    site.app.inject({
      method: 'POST',
      url: `/admin/stories/${storyId}/presence/leave`,
      cookies: { masthead_session: staff[who].cookie },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      payload: new URLSearchParams({ _csrf: csrf, visit }).toString(),
    });
  const presenceRows = () => site.store.db.selectFrom('story_presence').selectAll().orderBy('staff_id').execute();
  const mediaCount = async () =>
    Number(
      (
        await site.store.db
          .selectFrom('media')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite', bundle: referenceBundle });
    for (const who of ['ada', 'eddie', 'carla'] as const) await signIn(who);
    const made = await site.app.inject({
      method: 'POST',
      url: '/admin/stories',
      cookies: { masthead_session: staff.ada.cookie },
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: staff.ada.csrf, title: 'Harbour talks resume', slug: 'harbour-talks-resume' }).toString(),
    });
    expect(made.statusCode, made.body.slice(0, 300)).toBe(303);
    storyId = Number(/\/admin\/stories\/(\d+)/.exec(String(made.headers.location))![1]);
  });
  afterAll(async () => {
    await site?.close();
  });

  describe('soft lock', () => {
    it('renders an empty notice the editor script fills from its first heartbeat', async () => {
      const page = await get('eddie', `/admin/stories/${storyId}`);
      expect(page.body).toContain(`data-story-presence="/admin/stories/${storyId}/presence"`);
      expect(page.body).toMatch(/<p class="presence-notice" role="status" aria-live="polite" id="presence-notice"[^>]*><\/p>/);
    });

    it('tells the second person who has the story open and since when, in the publication’s zone', async () => {
      const first = await heartbeat('ada');
      expect(first).toMatchObject({ status: 200, json: { message: '', others: [] } });
      const second = await heartbeat('eddie');
      expect(second.status).toBe(200);
      // The time Ada opened it, in the publication's zone with the zone named (the newsroom's one clock).
      const settings = await loadPublicationSettings(site.store.db);
      const ada = (await presenceRows())[0]!;
      const at = new Intl.DateTimeFormat(settings.locale, {
        timeZone: settings.time_zone,
        hour: '2-digit',
        minute: '2-digit',
        timeZoneName: 'short',
      }).format(new Date(ada.since));
      expect(at).toMatch(/\d\d:\d\d.* [A-Z+\d]{3,}/);
      expect(second.json.message).toBe(`Ada Admin is editing (since ${at}).`);
      // …and the first person sees the second at their next heartbeat.
      expect((await heartbeat('ada')).json.message).toMatch(/^Eddie Editor is editing \(since /);
    });

    it('keeps when a person opened the story across heartbeats', async () => {
      const before = await presenceRows();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await heartbeat('ada');
      const after = await presenceRows();
      const ada = (rows: typeof before) => rows.find((r) => r.staff_id === before[0]!.staff_id)!;
      expect(ada(after).since).toBe(ada(before).since);
      expect(ada(after).last_seen > ada(before).last_seen).toBe(true);
    });

    it('refuses a heartbeat without the session’s token, for a missing story, or for a story the person may not see, and records nothing', async () => {
      const rowsBefore = await presenceRows();
      expect((await heartbeat('carla', storyId, 'not-the-token')).status).toBe(403);
      expect((await heartbeat('carla', 999_999)).status).toBe(404);
      // A contributor does not know of an editor's draft.
      expect((await heartbeat('carla')).status).toBe(404);
      // A heartbeat must name its page load.
      expect((await heartbeat('eddie', storyId, staff.eddie.csrf, 'x')).status).toBe(400);
      expect((await heartbeat('eddie', storyId, staff.eddie.csrf, null)).status).toBe(400);
      expect(await presenceRows()).toEqual(rowsBefore);
    });

    it('lets a person leave with a beacon; a goodbye without the token changes nothing', async () => {
      expect((await leave('ada', 'forged')).statusCode).toBe(403);
      expect((await heartbeat('eddie')).json.message).toMatch(/^Ada Admin is editing/);
      expect((await leave('ada')).statusCode).toBe(204);
      expect((await heartbeat('eddie')).json).toMatchObject({ message: '', others: [] });
    });

    it('keeps the presence of a reloaded page when the old page’s goodbye arrives after its first heartbeat', async () => {
      visits.ada = 'ada-visit-2';
      await heartbeat('ada');
      expect((await leave('ada', staff.ada.csrf, 'ada-visit-1')).statusCode).toBe(204);
      expect((await heartbeat('eddie')).json.message).toMatch(/^Ada Admin is editing/);
      expect((await leave('ada')).statusCode).toBe(204);
      expect((await heartbeat('eddie')).json.message).toBe('');
    });

    it('forgets a person not heard from for the timeout', async () => {
      await heartbeat('ada');
      expect((await heartbeat('eddie')).json.message).toMatch(/^Ada Admin is editing/);
      const adaId = (await site.store.db.selectFrom('staff').select('id').where('name', '=', 'Ada Admin').executeTakeFirstOrThrow()).id;
      const stale = new Date(Date.now() - PRESENCE_TIMEOUT_MS - 1000).toISOString();
      await site.store.db.updateTable('story_presence').set({ last_seen: stale }).where('staff_id', '=', adaId).execute();
      expect((await heartbeat('eddie')).json.message).toBe('');
      // Swept by that write: the table does not grow with old visits.
      expect((await presenceRows()).map((r) => r.staff_id)).not.toContain(adaId);
    });
  });

  describe('preview', () => {
    it('frames the saved story at desktop and phone width, from newsroom pages that may frame it', async () => {
      // The editor links to it (the toolbar and Ctrl+Alt+P open it too).
      expect((await get('eddie', `/admin/stories/${storyId}`)).body).toContain(`href="/admin/stories/${storyId}/preview"`);
      const desktop = await get('eddie', `/admin/stories/${storyId}/preview`);
      expect(desktop.statusCode).toBe(200);
      expect(desktop.body).toContain(`src="/admin/stories/${storyId}/preview/frame"`);
      expect(desktop.body).toContain('preview-frame-desktop');
      expect(String(desktop.headers['content-security-policy'])).toMatch(/frame-src 'self' /);
      const phone = await get('eddie', `/admin/stories/${storyId}/preview?width=phone`);
      expect(phone.body).toContain('preview-frame-phone');
      expect(phone.body).toMatch(/<a href="[^"]+width=phone" aria-current="page">/);

      const frame = await get('eddie', `/admin/stories/${storyId}/preview/frame`);
      expect(frame.statusCode).toBe(200);
      expect(frame.body).toContain('Harbour talks resume');
      expect(String(frame.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
      expect(frame.headers['x-robots-tag']).toBe('noindex, nofollow');
    });

    it('shows no preview to someone who may not see the story, and lets no other page be framed', async () => {
      expect((await get('carla', `/admin/stories/${storyId}/preview`)).statusCode).toBe(404);
      expect((await get('carla', `/admin/stories/${storyId}/preview/frame`)).statusCode).toBe(404);
      const editor = await get('eddie', `/admin/stories/${storyId}`);
      expect(String(editor.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      const reader = await site.app.inject({ url: '/' });
      expect(String(reader.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(String(reader.headers['content-security-policy'])).not.toContain("frame-src 'self'");
    });

    it('frames the newsletter issue’s email, sandboxed, on the issue page', async () => {
      const issue = await draftIssue(site.store.db, { subject: 'Harbour week' });
      const page = await get('ada', `/admin/newsletters/issues/${issue}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(
        new RegExp(`<iframe class="email-preview-frame" src="/admin/newsletters/issues/${issue}/preview.html"[^>]*sandbox[ >]`),
      );
      const email = await get('ada', `/admin/newsletters/issues/${issue}/preview.html`);
      expect(email.statusCode).toBe(200);
      expect(String(email.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
      expect(String(email.headers['content-security-policy'])).toContain("script-src 'none'");
    });
  });

  describe('upload from inside the editor', () => {
    const upload = async (fields: Record<string, string>, file: { bytes: Buffer; name: string; type: string }, csrf = staff.eddie.csrf) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
      const request = new Request('http://x/', { method: 'POST', body: form });
      const answer = await site.app.inject({
        method: 'POST',
        url: '/admin/media/upload.json',
        cookies: { masthead_session: staff.eddie.cookie },
        headers: { origin: ORIGIN, 'x-csrf-token': csrf, 'content-type': request.headers.get('content-type')! },
        payload: Buffer.from(await request.arrayBuffer()),
      });
      return { status: answer.statusCode, body: answer.body };
    };
    let png: Buffer;
    beforeAll(async () => {
      png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
        .png()
        .toBuffer();
    });

    it('stores the image in the library with its alt text and credit, and answers its id', async () => {
      const before = await mediaCount();
      const answer = await upload(
        { alt: 'Cranes at the harbour', credit: 'Photo: Eddie Editor' },
        { bytes: png, name: 'cranes.png', type: 'image/png' },
      );
      expect(answer.status, answer.body).toBe(201);
      const { id } = JSON.parse(answer.body) as { id: number };
      const row = await site.store.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ alt: 'Cranes at the harbour', credit: 'Photo: Eddie Editor', original_name: 'cranes.png' });
      expect(await mediaCount()).toBe(before + 1);
    });

    it('refuses a file that is not an image, an image without alt text, and a forged token, storing nothing', async () => {
      const before = await mediaCount();
      const text = await upload(
        { alt: 'A note', credit: '' },
        { bytes: Buffer.from('not a picture'), name: 'note.txt', type: 'text/plain' },
      );
      expect(text.status).toBe(415);
      expect(JSON.parse(text.body).error.message).toMatch(/not an accepted image/);
      const noAlt = await upload({ alt: '  ', credit: 'Someone' }, { bytes: png, name: 'x.png', type: 'image/png' });
      expect(noAlt.status).toBe(400);
      expect(JSON.parse(noAlt.body).error.message).toMatch(/alt text/);
      const forged = await upload({ alt: 'Cranes', credit: '' }, { bytes: png, name: 'x.png', type: 'image/png' }, 'forged');
      expect(forged.status).toBe(403);
      expect(await mediaCount()).toBe(before);
    });
  });
});
