import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../../src/auth/sessions.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { engines } from '../helpers/server.js';

// A newsroom session ends after 12 idle hours and 14 days after sign-in however busy
// (SECURITY.md, "sessions"). Nobody waits hours: each test signs in for real, then moves
// the session's timestamps back in the database, as the clock would have.

const PASSWORD = 'a long enough passphrase';
const MINUTE = 60_000;

describe.each(engines())('session timeouts on %s', (engine) => {
  let site: NewsroomSite;

  beforeAll(async () => {
    site = await startNewsroomSite({ engine });
  });
  afterAll(() => site?.close());

  let people = 0;
  /** A fresh editor signed in through the login form; returns the session cookie's token. */
  const signIn = async (): Promise<string> => {
    people += 1;
    const email = `editor${people}@example.org`;
    await addStaffRow(site.store, { email, name: `Editor ${people}`, role: 'editor', password: PASSWORD });
    const answer = await site.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { origin: 'http://127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email, password: PASSWORD }).toString(),
    });
    expect(answer.statusCode, answer.body.slice(0, 300)).toBe(303);
    const cookie = answer.cookies.find((c) => c.name === 'masthead_session');
    expect(cookie).toBeDefined();
    return cookie!.value;
  };
  const session = (token: string) =>
    site.store.db.selectFrom('sessions').selectAll().where('id_hash', '=', hashToken(token)).executeTakeFirst();
  const age = (token: string, times: { last_seen_at?: Date; expires_at?: Date; created_at?: Date }) =>
    site.store.db
      .updateTable('sessions')
      .set(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.toISOString()])))
      .where('id_hash', '=', hashToken(token))
      .execute();
  const admin = (token: string) => site.app.inject({ url: '/admin', cookies: { masthead_session: token } });
  const ago = (ms: number) => new Date(Date.now() - ms);
  const expectSignedOut = (answer: Awaited<ReturnType<typeof admin>>) => {
    expect(answer.statusCode).toBeGreaterThanOrEqual(300);
    expect(answer.statusCode).toBeLessThan(400);
    expect(answer.headers.location).toMatch(/^\/admin\/login/);
  };

  it('gives a session 14 days from sign-in, not a moment more', async () => {
    const token = await signIn();
    const row = await session(token);
    expect(Date.parse(row!.expires_at) - Date.parse(row!.created_at)).toBe(ABSOLUTE_TIMEOUT_MS);
    expect(ABSOLUTE_TIMEOUT_MS).toBe(14 * 24 * 60 * MINUTE);
    expect(IDLE_TIMEOUT_MS).toBe(12 * 60 * MINUTE);
  });

  it('keeps a session used within the last 12 hours, and counts the idle time again from now', async () => {
    const token = await signIn();
    await age(token, { last_seen_at: ago(IDLE_TIMEOUT_MS - 10 * MINUTE) });

    expect((await admin(token)).statusCode).toBe(200);

    const row = await session(token);
    expect(Date.parse(row!.last_seen_at)).toBeGreaterThan(Date.now() - 5 * MINUTE);
  });

  it('ends a session left idle for 12 hours, and forgets it', async () => {
    const token = await signIn();
    expect((await admin(token)).statusCode).toBe(200);
    await age(token, { last_seen_at: ago(IDLE_TIMEOUT_MS + MINUTE) });

    expectSignedOut(await admin(token));

    expect(await session(token)).toBeUndefined();
    // Gone for good: making it look fresh again does not bring it back.
    await age(token, { last_seen_at: new Date() });
    expectSignedOut(await admin(token));
  });

  it('ends a session 14 days after sign-in even though it was used a minute ago', async () => {
    const token = await signIn();
    await age(token, { created_at: ago(ABSOLUTE_TIMEOUT_MS + MINUTE), expires_at: ago(MINUTE), last_seen_at: ago(MINUTE) });

    expectSignedOut(await admin(token));

    expect(await session(token)).toBeUndefined();
  });

  it('does not stretch the 14 days when the session is used', async () => {
    const token = await signIn();
    const expiresAt = new Date(Date.now() + 2 * MINUTE);
    await age(token, {
      created_at: ago(ABSOLUTE_TIMEOUT_MS - 2 * MINUTE),
      expires_at: expiresAt,
      last_seen_at: ago(IDLE_TIMEOUT_MS - MINUTE),
    });

    expect((await admin(token)).statusCode).toBe(200);

    const row = await session(token);
    expect(row!.expires_at).toBe(expiresAt.toISOString());
    expect(Date.parse(row!.last_seen_at)).toBeGreaterThan(Date.now() - 5 * MINUTE);
  });

  it('ends a session at the API too, with the same limits', async () => {
    const token = await signIn();
    const listing = () => site.app.inject({ url: '/api/admin/articles', cookies: { masthead_session: token } });
    expect((await listing()).statusCode).toBe(200);
    await age(token, { last_seen_at: ago(IDLE_TIMEOUT_MS + MINUTE) });
    expect((await listing()).statusCode).toBe(401);
  });
});
