import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_FAILURE_RULE } from '../../src/api/api-auth.js';
import { ACCOUNT_RULE, ADDRESS_RULE } from '../../src/auth/login.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';

// TRUST_PROXY (issue 12, item 4). Behind a reverse proxy every request comes from the
// proxy's address; unless the proxy is trusted to name the client in X-Forwarded-For,
// every per-address limit becomes one limit for the whole site. With TRUST_PROXY=1 the
// client the proxy names is counted; without it the header is not believed, so a forged
// one changes nothing (test/http/per-ip-limits.test.ts holds the limits themselves).

const PROXY = '10.0.0.5';
const CLIENT_A = '198.51.100.40';
const CLIENT_B = '203.0.113.41';
const PASSWORD = 'a long enough passphrase';
const JSON_FORM = { 'content-type': 'application/json', accept: 'application/json', origin: 'http://127.0.0.1' };

// SQLite only: which address a request is from is decided before the store is reached;
// the per-address limits it feeds are tested on both engines (throttle.store.test.ts,
// login-burst.test.ts, per-ip-limits.test.ts).
describe.each(['sqlite'] as const)('TRUST_PROXY on %s', (engine) => {
  let proxied: NewsroomSite;
  let direct: NewsroomSite;

  beforeAll(async () => {
    [proxied, direct] = await Promise.all([
      startNewsroomSite({ engine, trustProxy: { kind: 'hops', hops: 1 } }),
      startNewsroomSite({ engine }),
    ]);
  });
  afterAll(async () => {
    await proxied?.close();
    await direct?.close();
  });

  const login = (site: NewsroomSite, forwardedFor: string, email: string, password: string) =>
    site.app.inject({
      method: 'POST',
      url: '/admin/login',
      remoteAddress: PROXY,
      headers: { origin: 'http://127.0.0.1', 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
      payload: new URLSearchParams({ email, password }).toString(),
    });

  const consentIpOf = async (site: NewsroomSite, email: string) =>
    (await site.store.db.selectFrom('subscribers').select('consent_ip').where('email', '=', email).executeTakeFirstOrThrow()).consent_ip;

  it('locks the client that failed, not the owner signing in through the same proxy', async () => {
    await addStaffRow(proxied.store, { email: 'owner@example.org', name: 'Owner', role: 'owner', password: PASSWORD });
    // Spread over accounts so that no account reaches its own limit first.
    const perAccount = ACCOUNT_RULE.limit - 1;
    const attempts = Array.from({ length: ADDRESS_RULE.limit }, (_, i) => `guess${Math.floor(i / perAccount)}@example.org`);
    for (const email of new Set(attempts)) await addStaffRow(proxied.store, { email, name: email, role: 'editor', password: PASSWORD });

    for (const [i, email] of attempts.entries()) {
      const answer = await login(proxied, CLIENT_A, email, 'not the passphrase at all');
      expect(answer.statusCode, `failure ${i + 1}`).toBe(i + 1 < ADDRESS_RULE.limit ? 401 : 429);
    }
    // Client A is locked out, the right password included…
    expect((await login(proxied, CLIENT_A, 'owner@example.org', PASSWORD)).statusCode).toBe(429);
    // …and the owner, behind the same proxy, is not.
    const owner = await login(proxied, CLIENT_B, 'owner@example.org', PASSWORD);
    expect(owner.statusCode).toBe(303);
    expect(owner.cookies.some((c) => c.name === 'masthead_session')).toBe(true);
  });

  it('trusts only the nearest hop: a client cannot name itself by sending its own X-Forwarded-For', async () => {
    // The proxy appends the address it saw; what the client wrote before it is not believed.
    const signUp = await proxied.app.inject({
      method: 'POST',
      url: '/newsletter/subscribe',
      remoteAddress: PROXY,
      headers: { ...JSON_FORM, 'x-forwarded-for': `192.0.2.99, ${CLIENT_A}` },
      payload: JSON.stringify({ email: 'hop@example.org' }),
    });
    expect(signUp.statusCode).toBe(202);
    expect(await consentIpOf(proxied, 'hop@example.org')).toBe(CLIENT_A);
  });

  it('blocks the client that sent wrong API keys, not a valid key from another client', async () => {
    const call = (forwardedFor: string, key: string) =>
      proxied.app.inject({
        url: '/api/admin/articles',
        remoteAddress: PROXY,
        headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': forwardedFor },
      });
    const wrong = 'mh_admin_' + 'x'.repeat(43);
    const client = '198.51.100.42';
    for (let i = 0; i < API_FAILURE_RULE.limit; i++) expect((await call(client, wrong)).statusCode, `wrong key ${i + 1}`).toBe(401);
    expect((await call(client, await proxied.adminKey())).statusCode).toBe(429);
    expect((await call(CLIENT_B, await proxied.adminKey())).statusCode).toBe(200);
  });

  it('records the forwarded client in a newsletter consent', async () => {
    const signUp = await proxied.app.inject({
      method: 'POST',
      url: '/newsletter/subscribe',
      remoteAddress: PROXY,
      headers: { ...JSON_FORM, 'x-forwarded-for': CLIENT_B },
      payload: JSON.stringify({ email: 'reader@example.org' }),
    });
    expect(signUp.statusCode).toBe(202);
    expect(await consentIpOf(proxied, 'reader@example.org')).toBe(CLIENT_B);
  });

  it('off (the default), believes no X-Forwarded-For: the connection is the client', async () => {
    const signUp = await direct.app.inject({
      method: 'POST',
      url: '/newsletter/subscribe',
      remoteAddress: PROXY,
      headers: { ...JSON_FORM, 'x-forwarded-for': CLIENT_B },
      payload: JSON.stringify({ email: 'direct@example.org' }),
    });
    expect(signUp.statusCode).toBe(202);
    expect(await consentIpOf(direct, 'direct@example.org')).toBe(PROXY);

    // A forged header cannot dodge a lock: the locked connection stays locked whatever it claims.
    const wrong = 'mh_admin_' + 'y'.repeat(43);
    const call = (forwardedFor: string, key: string) =>
      direct.app.inject({
        url: '/api/admin/articles',
        remoteAddress: PROXY,
        headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': forwardedFor },
      });
    for (let i = 0; i < API_FAILURE_RULE.limit; i++) expect((await call(`192.0.2.${i}`, wrong)).statusCode).toBe(401);
    expect((await call(CLIENT_B, await direct.adminKey())).statusCode).toBe(429);
  });
});
