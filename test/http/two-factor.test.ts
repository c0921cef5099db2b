import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_RULE } from '../../src/auth/login.js';
import { userCommand } from '../../src/cli/user-command.js';
import { base32Decode, hotp, stepAt } from '../../src/auth/totp.js';
import type { StaffRole } from '../../src/content/roles.js';
import { addStaffRow, startNewsroomSite, type App, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { engines } from '../helpers/server.js';

// Two-factor sign-in (docs/two-factor.md) through the newsroom's routes, in process, on
// both engines: enrolment, the second step of signing in, replayed and recovery codes,
// wrong codes counting toward the lockout, turning it off, an administrator's reset and
// the owner's requirement. Each case uses its own account, so the 30-second steps one
// case spends never collide with another's.

const ORIGIN = 'http://127.0.0.1';
const PASSWORD = 'a long enough passphrase';

/** A browser: its cookies, the site's Origin on every POST, the CSRF token of the last page read. */
class Browser {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: App) {}

  private async send(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({
      method,
      url,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(form ? { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    for (const set of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const gone = set.value === '' || set.maxAge === 0 || (set.expires && set.expires.getTime() < Date.now());
      if (gone) this.cookies.delete(set.name);
      else this.cookies.set(set.name, set.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (token) this.csrf = token[1]!;
    return { status: response.statusCode, body: response.body, location: response.headers.location };
  }

  get(url: string) {
    return this.send('GET', url);
  }
  /** A form with the CSRF token of the last page read (the sign-in forms need none). */
  post(url: string, form: Record<string, string>) {
    return this.send('POST', url, this.csrf ? { _csrf: this.csrf, ...form } : form);
  }
  hasSession() {
    return [...this.cookies.keys()].some((name) => name.endsWith('masthead_session'));
  }
}

/** The authenticator app: the key read from the enrolment page, a code for any step not yet used. */
class Authenticator {
  lastStep = -1;
  constructor(private readonly secret: Buffer) {}
  static fromPage(html: string) {
    const key = /<code id="manual-key">([^<]+)<\/code>/.exec(html);
    if (!key) throw new Error('no manual key on the enrolment page');
    return new Authenticator(base32Decode(key[1]!));
  }
  /** The code of the earliest step the server still accepts (now - 1 at the earliest) after the last one used. */
  next(): { code: string; step: number } {
    const step = Math.max(stepAt(new Date()) - 1, this.lastStep + 1);
    if (step > stepAt(new Date()) + 1) throw new Error('no unused step left in the accepted window');
    this.lastStep = step;
    return { code: hotp(this.secret, step), step };
  }
  codeAt(step: number) {
    return hotp(this.secret, step);
  }
}

const recoveryCodesOf = (html: string) => [...html.matchAll(/<code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})<\/code>/g)].map((m) => m[1]!);

describe.each(engines())('two-factor sign-in on %s', (engine) => {
  let site: NewsroomSite;
  let n = 0;
  /** The newsroom has one owner: created once, with two-factor on once a case needs it. */
  let owner: { id: number; email: string };
  let ownerApp: Authenticator | null = null;

  beforeAll(async () => {
    site = await startNewsroomSite({ engine });
    owner = {
      email: 'owner@example.org',
      id: await addStaffRow(site.store, { email: 'owner@example.org', name: 'The Owner', role: 'owner', password: PASSWORD }),
    };
  });
  afterAll(() => site?.close());

  async function person(role: StaffRole) {
    const email = `person${(n += 1)}-${role}@example.org`;
    const id = await addStaffRow(site.store, { email, name: `Person ${n}`, role, password: PASSWORD });
    return { id, email };
  }

  async function passwordStep(browser: Browser, email: string, password = PASSWORD) {
    return browser.post('/admin/login', { email, password, redirect: '/admin' });
  }

  /** Signs in with the password alone (two-factor off) and returns the browser. */
  async function signedIn(email: string) {
    const browser = new Browser(site.app);
    const answer = await passwordStep(browser, email);
    expect(answer.status).toBe(303);
    expect(browser.hasSession()).toBe(true);
    await browser.get('/admin/account/two-factor');
    return browser;
  }

  /** Turns two-factor on through the page; the authenticator and the recovery codes shown. */
  async function enrol(browser: Browser) {
    const page = await browser.get('/admin/account/two-factor');
    const app = Authenticator.fromPage(page.body);
    const done = await browser.post('/admin/account/two-factor/confirm', { code: app.next().code });
    expect(done.status).toBe(200);
    return { app, recoveryCodes: recoveryCodesOf(done.body) };
  }

  const auditRows = (action: string) =>
    site.store.db.selectFrom('audit_log').select(['actor_id', 'target_id']).where('action', '=', action).execute();

  /** The owner signed in, with two-factor turned on the first time. */
  async function ownerBrowser() {
    if (!ownerApp) {
      const browser = await signedIn(owner.email);
      ownerApp = (await enrol(browser)).app;
      return browser;
    }
    const browser = new Browser(site.app);
    expect((await secondStep(browser, owner.email, ownerApp.next().code)).status).toBe(303);
    await browser.get('/admin/account/two-factor');
    return browser;
  }

  async function secondStep(browser: Browser, email: string, code: string) {
    const first = await passwordStep(browser, email);
    expect(first.status).toBe(303);
    expect(first.location).toBe('/admin/login/two-factor?redirect=%2Fadmin');
    return browser.post('/admin/login/two-factor', { code, redirect: '/admin' });
  }

  it('enrols with a QR code and a manual key, and is on only after a first valid code', async () => {
    const { email } = await person('editor');
    const browser = await signedIn(email);
    const page = await browser.get('/admin/account/two-factor');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<svg [^>]*role="img"[^>]*viewBox=/);
    expect(page.body).not.toMatch(/<img|data:/);
    const app = Authenticator.fromPage(page.body);
    // Reloading shows the same key: the app may already have scanned it.
    expect(Authenticator.fromPage((await browser.get('/admin/account/two-factor')).body).codeAt(1)).toBe(app.codeAt(1));

    const wrong = await browser.post('/admin/account/two-factor/confirm', {
      code: '000000' === app.codeAt(stepAt(new Date())) ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('That code did not match');
    // Not on yet: the password alone still signs in.
    expect(browser.hasSession()).toBe(true);
    const stillPasswordOnly = new Browser(site.app);
    expect((await passwordStep(stillPasswordOnly, email)).location).toBe('/admin');

    const done = await browser.post('/admin/account/two-factor/confirm', { code: app.next().code });
    expect(done.status).toBe(200);
    const codes = recoveryCodesOf(done.body);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // Shown once: the page afterwards counts them and no longer lists them.
    const after = await browser.get('/admin/account/two-factor');
    expect(after.body).toContain('You have 10 unused recovery codes');
    expect(recoveryCodesOf(after.body)).toEqual([]);
    const stored = await site.store.db.selectFrom('staff_recovery_codes').select('code_hash').execute();
    for (const code of codes) expect(stored.map((row) => row.code_hash).join()).not.toContain(code.replace(/-/g, ''));
  });

  it('signs in with a second step: no session until the code, and a code is never accepted twice', async () => {
    const { email } = await person('author');
    const { app } = await enrol(await signedIn(email));

    const browser = new Browser(site.app);
    const first = await passwordStep(browser, email);
    expect(first.location).toBe('/admin/login/two-factor?redirect=%2Fadmin');
    expect(browser.hasSession()).toBe(false);
    // The pending step is not a session: the newsroom still asks to sign in.
    expect((await browser.get('/admin')).location).toMatch(/^\/admin\/login\?redirect=/);
    const form = await browser.get('/admin/login/two-factor');
    expect(form.status).toBe(200);
    expect(form.body).toContain('autocomplete="one-time-code"');

    const { code } = app.next();
    const done = await browser.post('/admin/login/two-factor', { code, redirect: '/admin' });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/admin');
    expect(browser.hasSession()).toBe(true);
    expect((await browser.get('/admin')).status).toBe(200);
    // The pending step is used up.
    expect(await browser.post('/admin/login/two-factor', { code, redirect: '/admin' })).toMatchObject({ status: 401 });

    // The same code again, in a new sign-in: refused, and no session.
    const replay = new Browser(site.app);
    const refused = await secondStep(replay, email, code);
    expect(refused.status).toBe(401);
    expect(refused.body).toContain('That code is not valid');
    expect(replay.hasSession()).toBe(false);
    // The next code works in the same pending step.
    const next = await replay.post('/admin/login/two-factor', { code: app.next().code, redirect: '/admin' });
    expect(next.status).toBe(303);
    expect(replay.hasSession()).toBe(true);
  });

  it('accepts a recovery code once', async () => {
    const { email } = await person('editor');
    const { recoveryCodes } = await enrol(await signedIn(email));
    const code = recoveryCodes[3]!;

    const browser = new Browser(site.app);
    const done = await secondStep(browser, email, code.toUpperCase().replace(/-/g, ' '));
    expect(done.status).toBe(303);
    expect(browser.hasSession()).toBe(true);
    expect((await browser.get('/admin/account/two-factor')).body).toContain('You have 9 unused recovery codes');

    const again = new Browser(site.app);
    expect((await secondStep(again, email, code)).status).toBe(401);
    expect(again.hasSession()).toBe(false);
  });

  it('counts wrong codes toward the account lockout, also across fresh passwords', async () => {
    const { email } = await person('editor');
    const { app } = await enrol(await signedIn(email));
    const wrongCode = () => {
      const now = stepAt(new Date());
      const valid = new Set([-1, 0, 1].map((d) => app.codeAt(now + d)));
      return ['123456', '654321', '000001'].find((c) => !valid.has(c))!;
    };

    // Wrong codes in one pending step, then a fresh correct password, which clears the
    // login's own count: the codes' count is not cleared by it.
    const browser = new Browser(site.app);
    expect((await secondStep(browser, email, wrongCode())).status).toBe(401);
    for (let i = 1; i < ACCOUNT_RULE.limit - 1; i++) {
      expect((await browser.post('/admin/login/two-factor', { code: wrongCode(), redirect: '/admin' })).status, `wrong code ${i + 1}`).toBe(
        401,
      );
    }
    // The fifth wrong code, after a fresh password, reaches the limit and locks.
    expect((await secondStep(browser, email, wrongCode())).status).toBe(429);
    // Locked: the next attempt is refused even with the right code.
    const locked = await secondStep(browser, email, app.next().code);
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('Too many failed attempts');
    expect(browser.hasSession()).toBe(false);

    // Wrong codes count toward the login's lock too: a fresh account locked by codes alone
    // refuses the right password.
    const other = await person('author');
    const otherApp = (await enrol(await signedIn(other.email))).app;
    const guesser = new Browser(site.app);
    expect((await passwordStep(guesser, other.email)).status).toBe(303);
    const guesses: number[] = [];
    for (let i = 0; i < ACCOUNT_RULE.limit; i++) {
      const bad = ['123456', '654321', '000001', '999999', '424242', '171717'].find(
        (c) => ![-1, 0, 1].some((d) => otherApp.codeAt(stepAt(new Date()) + d) === c),
      )!;
      guesses.push((await guesser.post('/admin/login/two-factor', { code: bad, redirect: '/admin' })).status);
    }
    expect(guesses).toEqual([...Array(ACCOUNT_RULE.limit - 1).fill(401), 429]);
    const outcomes = await site.store.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('target_id', '=', other.id)
      .where('action', 'like', 'sign-in.%')
      .orderBy('id')
      .execute();
    expect(outcomes.filter((row) => row.detail.includes('two-factor')).map((row) => row.action)).toEqual([
      ...Array(ACCOUNT_RULE.limit - 1).fill('sign-in.failed'),
      'sign-in.locked',
    ]);
    expect((await passwordStep(new Browser(site.app), other.email)).status).toBe(429);
  });

  it('turns off only with the password and a code', async () => {
    const { id, email } = await person('author');
    const browser = await signedIn(email);
    const { app } = await enrol(browser);
    await browser.get('/admin/account/two-factor');

    const wrongPassword = await browser.post('/admin/account/two-factor/disable', {
      password: 'not the password at all',
      code: app.next().code,
    });
    expect(wrongPassword.status).toBe(400);
    expect((await browser.get('/admin/account/two-factor')).body).toContain('Two-factor sign-in is <strong>on</strong>');
    const noCode = await browser.post('/admin/account/two-factor/disable', { password: PASSWORD, code: '' });
    expect(noCode.status).toBe(400);

    const off = await browser.post('/admin/account/two-factor/disable', { password: PASSWORD, code: app.next().code });
    expect(off).toMatchObject({ status: 303, location: '/admin/account/two-factor?notice=disabled' });
    expect((await passwordStep(new Browser(site.app), email)).location).toBe('/admin');
    // The secret and the recovery codes are gone with it.
    expect(await site.store.db.selectFrom('staff_two_factor').select('staff_id').where('staff_id', '=', id).execute()).toEqual([]);
    expect(await site.store.db.selectFrom('staff_recovery_codes').select('id').where('staff_id', '=', id).execute()).toEqual([]);
  });

  it("lets an administrator reset a person's two-factor, never the owner's", async () => {
    const editor = await person('editor');
    await enrol(await signedIn(editor.email));
    await ownerBrowser();
    const admin = await person('admin');
    const adminBrowser = await signedIn(admin.email);

    const page = await adminBrowser.get('/admin/account/two-factor');
    expect(page.body).toContain(`Reset two-factor for Person ${n - 1}`);
    expect(page.body).not.toContain('Reset two-factor for The Owner');
    const refused = await adminBrowser.post(`/admin/staff/${owner.id}/two-factor/reset`, {});
    expect(refused.status).toBe(403);
    expect((await passwordStep(new Browser(site.app), owner.email)).location).toMatch(/two-factor/);

    const reset = await adminBrowser.post(`/admin/staff/${editor.id}/two-factor/reset`, {});
    expect(reset).toMatchObject({ status: 303, location: '/admin/account/two-factor?notice=reset' });
    // Recorded in the audit trail: who reset whose.
    expect(await auditRows('two-factor.reset')).toEqual([{ actor_id: admin.id, target_id: editor.id }]);
    expect((await passwordStep(new Browser(site.app), editor.email)).location).toBe('/admin');

    // An editor may not reset anybody.
    const editorBrowser = await signedIn(editor.email);
    expect((await editorBrowser.post(`/admin/staff/${admin.id}/two-factor/reset`, {})).status).toBe(403);

    // The owner's way back is the shell: `masthead user reset-two-factor --email E`.
    expect(await userCommand(['reset-two-factor', '--email', 'nobody@example.org'], site.store)).toBe(1);
    expect((await passwordStep(new Browser(site.app), owner.email)).location).toMatch(/two-factor/);
    expect(await userCommand(['reset-two-factor', '--email', owner.email], site.store)).toBe(0);
    ownerApp = null;
    expect((await passwordStep(new Browser(site.app), owner.email)).location).toBe('/admin');
  });

  it("forces enrolment on the people the owner's requirement covers, and leaves API keys alone", async () => {
    const ownerSession = await ownerBrowser();
    const admin = await person('admin');
    const editor = await person('editor');
    const adminBrowser = await signedIn(admin.email);

    // Only the owner sets it, and only to a listed value.
    expect((await adminBrowser.post('/admin/account/two-factor/requirement', { requirement: 'staff' })).status).toBe(403);
    expect((await ownerSession.post('/admin/account/two-factor/requirement', { requirement: 'everyone!' })).status).toBe(400);
    expect((await adminBrowser.get('/admin')).status).toBe(200);

    const saved = await ownerSession.post('/admin/account/two-factor/requirement', { requirement: 'admins' });
    expect(saved).toMatchObject({ status: 303, location: '/admin/account/two-factor?notice=requirement' });
    expect(await auditRows('settings.changed')).toEqual([{ actor_id: owner.id, target_id: null }]);

    // The administrator (already signed in) can do nothing but enrol now.
    expect(await adminBrowser.get('/admin')).toMatchObject({ status: 303, location: '/admin/account/two-factor' });
    expect(await adminBrowser.get('/admin/staff')).toMatchObject({ status: 303, location: '/admin/account/two-factor' });
    const page = await adminBrowser.get('/admin/account/two-factor');
    expect(page.body).toContain('requires two-factor sign-in for your account');
    expect((await adminBrowser.post('/admin/staff', { name: 'X', email: 'x@example.org', role: 'author' })).status).toBe(403);
    // Right after signing in, too.
    const fresh = new Browser(site.app);
    await passwordStep(fresh, admin.email);
    expect(await fresh.get('/admin')).toMatchObject({ status: 303, location: '/admin/account/two-factor' });
    // An editor is not covered.
    expect((await (await signedIn(editor.email)).get('/admin')).status).toBe(200);
    // API keys are a separate credential.
    expect((await site.api('GET', '/api/admin/articles')).status).toBe(200);

    await enrol(adminBrowser);
    expect((await adminBrowser.get('/admin')).status).toBe(200);
    // Covered people cannot turn it off.
    expect((await adminBrowser.get('/admin/account/two-factor')).body).not.toContain('Turn off two-factor sign-in');

    // The owner, with two-factor on, is not held back; setting it back frees the others.
    expect((await ownerSession.get('/admin')).status).toBe(200);
    expect((await ownerSession.post('/admin/account/two-factor/requirement', { requirement: 'none' })).status).toBe(303);
  });
});
