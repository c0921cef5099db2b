import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_MAIL_GAP_MS, signUp, type SignupDeps } from '../../src/newsletter/signup.js';
import { startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';

// Issue 12 §11: at most one confirmation mail per address per ten minutes. A second
// sign-up inside that gap gets the same answer as the first and sends nothing; the
// sign-up service takes the time as an argument, so the clock is moved there, and the
// route is checked as a reader meets it (the outbox folder holds what was sent).

const MINUTE = 60_000;

describe('the confirmation mail gap', () => {
  let site: NewsroomSite;
  let deps: SignupDeps;
  const request = (email: string) => ({ email, newsletters: [], source: '/', honeypot: false, ip: '192.0.2.10' });

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite' });
    deps = {
      db: site.store.db,
      mailer: null as never,
      siteUrl: 'http://127.0.0.1',
      secretKey: 'k'.repeat(64),
      publicationName: 'The Parallax',
    };
  });
  afterAll(() => site?.close());

  it('mails once per address per ten minutes, then again once they have passed', async () => {
    const t0 = Date.parse('2026-12-01T09:00:00Z');
    const at = (ms: number) => new Date(t0 + ms);
    const first = await signUp(deps, request('gap@example.org'), at(0));
    expect(first.type === 'accepted' && first.mail?.subject).toMatch(/^Confirm/);
    const again = await signUp(deps, request('gap@example.org'), at(5 * MINUTE));
    expect(again).toEqual({ type: 'accepted', mail: null });
    expect(await signUp(deps, request('gap@example.org'), at(CONFIRM_MAIL_GAP_MS - 1))).toEqual({ type: 'accepted', mail: null });
    // Another address is not held up by this one.
    expect((await signUp(deps, request('other@example.org'), at(5 * MINUTE))).type === 'accepted').toBe(true);
    const later = await signUp(deps, request('gap@example.org'), at(CONFIRM_MAIL_GAP_MS + 1));
    expect(later.type === 'accepted' && later.mail?.subject).toMatch(/^Confirm/);
  });

  it('does not count a sign-up inside the gap against the three a day', async () => {
    const t0 = Date.parse('2026-12-02T09:00:00Z');
    const mailed: number[] = [];
    // Every six minutes for an hour: mails at 0, 12 and 24 minutes (each one more than ten after the last), then the day's three are spent.
    for (let minute = 0; minute <= 60; minute += 6) {
      const result = await signUp(deps, request('steady@example.org'), new Date(t0 + minute * MINUTE));
      if (result.type === 'accepted' && result.mail) mailed.push(minute);
    }
    expect(mailed).toEqual([0, 12, 24]);
  });

  it('answers a second sign-up through the route exactly like the first, and sends one mail', async () => {
    const outbox = path.join(path.dirname(site.mediaDir), 'outbox');
    const files = async () => (await readdir(outbox).catch(() => [] as string[])).length;
    const post = () =>
      site.app.inject({
        method: 'POST',
        url: '/newsletter/subscribe',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: 'twice@example.org', source: '/' }).toString(),
      });
    const first = await post();
    const second = await post();
    expect(first.statusCode).toBe(303);
    expect({ status: second.statusCode, location: second.headers.location, body: second.body }).toEqual({
      status: first.statusCode,
      location: first.headers.location,
      body: first.body,
    });
    await site.app.close();
    // Closing the app waits for mail sent after the answer.
    expect(await files()).toBe(1);
  });
});
