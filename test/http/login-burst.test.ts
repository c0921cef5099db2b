import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_FAILURE_RULE } from '../../src/api/api-auth.js';
import { ACCOUNT_RULE } from '../../src/auth/login.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { insertStaff } from '../../src/store/access/staff-repository.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { engines } from '../helpers/server.js';

// Issue 12, item 1: wrong passwords (or keys) and the right one sent *at the same time*.
// The lock used to be checked before the hash and the failure recorded after it, so every
// request of a burst was checked and the right password signed in. Now each attempt is
// reserved in the database before it is checked: a burst is checked no further than the
// limit allows, a few at a time per account, and the rest are refused unchecked.
// Each request here goes through the whole app (inject), on both engines.

const ADDRESS = '198.51.100.20';
const PASSWORD = 'the right passphrase, at last';
const BURST = 60;

/** Made once for both engines: a full-strength hash costs what a sign-in's check costs. */
let fullStrengthHash: Promise<string> | null = null;

interface ThrottleRow {
  failures: number;
  in_flight: number;
  locked_until: string | null;
}

describe.each(engines())('a burst of attempts at once on %s', (engine) => {
  let site: NewsroomSite;

  beforeAll(async () => {
    site = await startNewsroomSite({ engine });
  });
  afterAll(() => site?.close());

  const throttle = async (key: string): Promise<ThrottleRow | undefined> =>
    site.store.db.selectFrom('throttles').select(['failures', 'in_flight', 'locked_until']).where('key', '=', key).executeTakeFirst();

  it('never signs in once the limit is hit, and hashes no password past it', async () => {
    // A full-strength hash (a few hundred ms each): every reservation of a burst is made
    // long before the first check ends, as with a real attacker's burst.
    await insertStaff(site.store.db, {
      email: 'burst@example.org',
      name: 'Burst Target',
      role: 'editor',
      passwordHash: await (fullStrengthHash ??= hashPassword(PASSWORD)),
      now: new Date().toISOString(),
    });
    const login = (password: string) =>
      site.app.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress: ADDRESS,
        headers: { origin: 'http://127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: 'burst@example.org', password }).toString(),
      });
    const accountKey = 'login:account:burst@example.org';
    const perBurst = ACCOUNT_RULE.maxInFlight ?? ACCOUNT_RULE.limit;

    let checked = 0;
    let bursts = 0;
    while (checked < ACCOUNT_RULE.limit) {
      // Sixty wrong passwords and the right one, all at once, the right one last.
      const answers = await Promise.all([...Array.from({ length: BURST }, (_, i) => login(`wrong guess number ${i}`)), login(PASSWORD)]);
      bursts += 1;
      const statuses = answers.map((answer) => answer.statusCode);
      expect(statuses, `burst ${bursts}: nobody signed in`).not.toContain(303);
      expect(answers.some((answer) => answer.cookies.some((c) => c.name === 'masthead_session'))).toBe(false);
      expect(statuses.at(-1), `burst ${bursts}: the right password was refused unchecked`).toBe(429);

      // Only the reserved attempts were checked: at most a few per account at once, never past the limit.
      const expected = Math.min(perBurst, ACCOUNT_RULE.limit - checked);
      const row = await throttle(accountKey);
      expect(row, `burst ${bursts}`).toMatchObject({ failures: checked + expected, in_flight: 0 });
      const refusedUnchecked = answers.filter((answer) => answer.statusCode === 429 && /at once/.test(answer.body));
      expect(refusedUnchecked.length + expected, `burst ${bursts}: every other attempt was refused without a hash`).toBe(BURST + 1);
      expect(Number(refusedUnchecked[0]!.headers['retry-after'])).toBeGreaterThan(0);
      checked += expected;
    }
    // A few at a time per account: a flood waits in no queue behind the hashing slots.
    expect(perBurst).toBeLessThan(ACCOUNT_RULE.limit);
    expect(bursts).toBe(Math.ceil(ACCOUNT_RULE.limit / perBurst));

    // The limit is reached: the account is locked, even for the right password sent alone.
    expect((await throttle(accountKey))?.locked_until).not.toBeNull();
    const alone = await login(PASSWORD);
    expect(alone.statusCode).toBe(429);
    expect(Number(alone.headers['retry-after'])).toBeGreaterThan(60);
    expect((await throttle(accountKey))?.failures).toBe(ACCOUNT_RULE.limit);
  });

  it('lets the right password in while the account is under its limit, and clears the failures', async () => {
    await addStaffRow(site.store, { email: 'steady@example.org', name: 'Steady', role: 'editor', password: PASSWORD });
    const login = (password: string) =>
      site.app.inject({
        method: 'POST',
        url: '/admin/login',
        remoteAddress: '198.51.100.21',
        headers: { origin: 'http://127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: 'steady@example.org', password }).toString(),
      });
    expect((await login('one wrong try here')).statusCode).toBe(401);
    expect((await login(PASSWORD)).statusCode).toBe(303);
    const row = await throttle('login:account:steady@example.org');
    expect([row?.failures ?? 0, row?.in_flight ?? 0, row?.locked_until ?? null]).toEqual([0, 0, null]);
  });

  it('checks a bounded number of wrong API keys when they come at once, and refuses the right key after them', async () => {
    const remoteAddress = '198.51.100.30';
    const valid = await site.adminKey();
    const call = (key: string) =>
      site.app.inject({ url: '/api/admin/articles', remoteAddress, headers: { authorization: `Bearer ${key}` } });
    const wrong = (i: number) => `mh_admin_${String(i).padStart(43, 'x')}`;

    // More than can be checked at once plus the limit: the bound is reached whatever the order.
    const burst = API_FAILURE_RULE.maxInFlight! + API_FAILURE_RULE.limit;
    const answers = await Promise.all([...Array.from({ length: burst }, (_, i) => call(wrong(i))), call(valid)]);
    const statuses = answers.map((answer) => answer.statusCode);
    expect(
      statuses.filter((status) => status === 200),
      'the right key got through',
    ).toEqual([]);
    expect(statuses.at(-1)).toBe(429);
    const checked = statuses.filter((status) => status === 401).length;
    expect(checked).toBeGreaterThanOrEqual(API_FAILURE_RULE.limit);
    expect(checked).toBeLessThanOrEqual(API_FAILURE_RULE.maxInFlight!);
    for (const answer of answers.filter((a) => a.statusCode === 429)) {
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'TOO_MANY_FAILURES' } });
    }
    // Each checked key is one failure, and each was answered 401: none was checked unseen.
    const row = await throttle(`api-ip:${remoteAddress}`);
    expect(row).toMatchObject({ failures: checked, in_flight: 0 });
    expect(row?.locked_until).not.toBeNull();
    expect((await call(valid)).statusCode).toBe(429);
  });

  it('does not hold back a valid key sent many times at once from a clean address', async () => {
    const valid = await site.adminKey();
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        site.app.inject({ url: '/api/admin/articles', remoteAddress: '198.51.100.31', headers: { authorization: `Bearer ${valid}` } }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(100).fill(200));
    const row = await throttle('api-ip:198.51.100.31');
    expect([row?.failures ?? 0, row?.in_flight ?? 0]).toEqual([0, 0]);
  });
});
