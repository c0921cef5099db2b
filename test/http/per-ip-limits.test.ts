import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_RULE, ACCOUNT_RULE } from '../../src/auth/login.js';
import { API_FAILURE_RULE } from '../../src/api/api-auth.js';
import { SIGNUPS_PER_IP_HOUR } from '../../src/newsletter/signup.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { engines } from '../helpers/server.js';

// Limits per client address (SECURITY.md, "brute force" and "sign-up abuse"): one address
// that uses up its allowance is refused, and a second address is not, whatever the first
// one claims in X-Forwarded-For (no proxy is configured, so the header is not believed).

const FIRST = '198.51.100.7';
const SECOND = '203.0.113.9';
const PASSWORD = 'a long enough passphrase';

describe.each(engines())('per-address limits on %s', (engine) => {
  let site: NewsroomSite;

  beforeAll(async () => {
    site = await startNewsroomSite({ engine });
  });
  afterAll(() => site?.close());

  it('locks newsletter sign-ups from one address after the hourly limit, and not from another', async () => {
    let n = 0;
    const signUp = (remoteAddress: string, headers: Record<string, string> = {}) =>
      site.app.inject({
        method: 'POST',
        url: '/newsletter/subscribe',
        remoteAddress,
        headers: { 'content-type': 'application/json', accept: 'application/json', origin: 'http://127.0.0.1', ...headers },
        payload: JSON.stringify({ email: `reader${(n += 1)}@example.org` }),
      });
    for (let i = 0; i < SIGNUPS_PER_IP_HOUR; i++) expect((await signUp(FIRST)).statusCode, `sign-up ${i + 1}`).toBe(202);

    const refused = await signUp(FIRST);
    expect(refused.statusCode).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signUp(FIRST, { 'x-forwarded-for': SECOND })).statusCode).toBe(429);

    expect((await signUp(SECOND)).statusCode).toBe(202);
  });

  it('locks the admin API for an address that keeps presenting wrong keys, and not for another', async () => {
    const call = (remoteAddress: string, key: string, headers: Record<string, string> = {}) =>
      site.app.inject({ url: '/api/admin/articles', remoteAddress, headers: { authorization: `Bearer ${key}`, ...headers } });
    const wrong = 'mh_admin_' + 'x'.repeat(43);
    for (let i = 0; i < API_FAILURE_RULE.limit; i++) expect((await call(FIRST, wrong)).statusCode, `wrong key ${i + 1}`).toBe(401);

    // Locked whatever it presents, the right key included.
    const locked = await call(FIRST, await site.adminKey());
    expect(locked.statusCode).toBe(429);
    expect(JSON.parse(locked.body)).toMatchObject({ error: { code: 'TOO_MANY_FAILURES' } });
    expect((await call(FIRST, await site.adminKey(), { 'x-forwarded-for': SECOND })).statusCode).toBe(429);

    expect((await call(SECOND, wrong)).statusCode).toBe(401);
    expect((await call(SECOND, await site.adminKey())).statusCode).toBe(200);
  });

  it('locks sign-in from an address after its failures across accounts, and not from another', async () => {
    // Spread over accounts so that no account reaches its own (smaller) limit first.
    const perAccount = ACCOUNT_RULE.limit - 1;
    const accounts = Math.ceil(ADDRESS_RULE.limit / perAccount);
    for (let a = 0; a <= accounts; a++) {
      await addStaffRow(site.store, { email: `desk${a}@example.org`, name: `Desk ${a}`, role: 'editor', password: PASSWORD });
    }
    const login = (remoteAddress: string, email: string, password: string, headers: Record<string, string> = {}) =>
      site.app.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress,
        headers: { origin: 'http://127.0.0.1', 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams({ email, password }).toString(),
      });
    for (let i = 0; i < ADDRESS_RULE.limit; i++) {
      const answer = await login(FIRST, `desk${Math.floor(i / perAccount)}@example.org`, 'not the passphrase at all');
      expect(answer.statusCode, `failure ${i + 1}`).toBe(i + 1 < ADDRESS_RULE.limit ? 401 : 429);
    }
    // The untouched account, with its right password, from the locked address: refused.
    const spare = `desk${accounts}@example.org`;
    expect((await login(FIRST, spare, PASSWORD)).statusCode).toBe(429);
    expect((await login(FIRST, spare, PASSWORD, { 'x-forwarded-for': SECOND })).statusCode).toBe(429);

    const fromSecond = await login(SECOND, spare, PASSWORD);
    expect(fromSecond.statusCode).toBe(303);
    expect(fromSecond.cookies.some((c) => c.name === 'masthead_session')).toBe(true);
  });
});
