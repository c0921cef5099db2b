import { storyEventSink } from '../editorial/story-events.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfToken } from '../auth/csrf.js';
import { startSession } from '../auth/sessions.js';
import { hashToken } from '../auth/tokens.js';
import { parseDatabaseUrl } from '../config/config.js';
import { insertStaff } from '../store/access/staff-repository.js';
import { openStore, type Store } from '../store/store.js';
import { API_FAILURE_RULE, sessionCookieName } from './api-auth.js';
import { registerApiRoutes } from './api-routes.js';

// /api/admin with a staff session cookie instead of a key: reads need only the session;
// a change also needs the site's Origin and the session's CSRF token (SECURITY.md,
// "CSRF"), and a refused change writes nothing. The role rules themselves are tested
// with the newsroom's permission table.

const SITE = 'https://news.example';
const SECRET = 's'.repeat(64);

describe('/api/admin with a staff session', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-api-session-'));
    store = await openStore(parseDatabaseUrl(`file:${path.join(dir, 'db.sqlite')}`));
    await store.migrate();
    const now = new Date();
    const staffId = await insertStaff(store.db, {
      email: 'ed@news.example',
      name: 'Edna Editor',
      role: 'editor',
      passwordHash: 'unused',
      now: now.toISOString(),
    });
    const token = await startSession(store.db, staffId, now);
    cookie = `${sessionCookieName(SITE)}=${token}`;
    csrf = csrfToken(SECRET, hashToken(token));
    app = Fastify({ logger: false });
    registerApiRoutes(app, {
      db: store.db,
      siteUrl: SITE,
      mediaDir: path.join(dir, 'media'),
      secretKey: SECRET,
      events: storyEventSink(SITE),
      dialect: store.dialect,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const count = async () =>
    Number(
      (
        await store.db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const post = (headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      headers: { 'content-type': 'application/json', ...headers },
      payload: { title: 'From the newsroom' },
    });

  it('uses the __Host- cookie on https', () => {
    expect(sessionCookieName(SITE)).toBe('__Host-masthead_session');
    expect(sessionCookieName('http://localhost:3000')).toBe('masthead_session');
  });

  it('reads with the session alone', async () => {
    const answer = await app.inject({ method: 'GET', url: '/api/admin/articles', headers: { cookie } });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('refuses a change without the CSRF token or from another origin, writing nothing', async () => {
    const cases: Array<Record<string, string>> = [
      { cookie },
      { cookie, origin: SITE },
      { cookie, 'x-csrf-token': csrf },
      { cookie, origin: 'https://evil.example', 'x-csrf-token': csrf },
      { cookie, origin: SITE, 'x-csrf-token': csrfToken(SECRET, hashToken('another-session')) },
    ];
    for (const headers of cases) {
      const answer = await post(headers);
      expect(answer.statusCode, JSON.stringify(headers)).toBe(403);
      expect(answer.json().error.code).toBe('CSRF');
    }
    expect(await count()).toBe(0);
  });

  it('accepts a change with the site Origin and the session CSRF token, recorded against the person', async () => {
    const answer = await post({ cookie, origin: SITE, 'x-csrf-token': csrf });
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json().modified_by).toBe('Edna Editor');
    expect(await count()).toBe(1);
  });

  it('refuses an unknown or tampered session cookie with 401', async () => {
    const answer = await app.inject({ method: 'GET', url: '/api/admin/articles', headers: { cookie: `${sessionCookieName(SITE)}=nope` } });
    expect(answer.statusCode).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  // Last: it locks this client address for the rest of the file.
  it('locks an address out with 429 and Retry-After after repeated bad keys, for every request', async () => {
    // One failure was already counted by the tampered-cookie test above.
    for (let i = 1; i < API_FAILURE_RULE.limit; i++) {
      const bad = await app.inject({
        method: 'GET',
        url: '/api/content/tags',
        headers: { authorization: `Bearer mh_content_${'x'.repeat(43)}` },
      });
      expect(bad.statusCode, `attempt ${i + 1}`).toBe(401);
    }
    const locked = await app.inject({ method: 'GET', url: '/api/admin/articles', headers: { cookie } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('TOO_MANY_FAILURES');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(500);
  });
});
