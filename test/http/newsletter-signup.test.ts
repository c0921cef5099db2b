import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { unsubscribeToken } from '../../src/newsletter/unsubscribe-link.js';
import { openStore, type Store } from '../../src/store/store.js';
import { $$, attr, one, parseHtml, text } from '../helpers/dom.js';
import { validateHtml } from '../helpers/html.js';
import { get } from '../helpers/http.js';
import { formBody, type Answer } from '../helpers/newsroom.js';
import { engines, startMasthead, type Masthead } from '../helpers/server.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../helpers/smtp-sink.js';

// The reader's side of the newsletter (SPEC §6, issue 4) against the built server and a
// real SMTP server: double opt-in by a link whose page confirms only by POST, answers
// that never tell a known address from a new one, the limits, the honeypot, one-click
// unsubscribe (RFC 8058) and the reader's own data. Every refusal is checked in the
// database too: nothing stored, nothing sent.

const SECRET = 'newsletter-signup-test-secret-0123456789abcdef';

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(20_000), ...init });
  return { status: response.status, headers: response.headers, body: await response.text(), location: response.headers.get('location') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function confirmLinkIn(mail: ReceivedMail): URL {
  const match = /https?:\/\/\S+\/newsletter\/confirm\?token=[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '');
  if (!match) throw new Error(`no confirmation link in:\n${mail.parsed.text}`);
  return new URL(match[0]);
}

/** A reader page that carries a token: private, unindexed, no Referer, valid, one h1. */
async function expectTokenPage(answer: Answer, status: number, heading: RegExp): Promise<void> {
  expect(answer.status, answer.body.slice(0, 500)).toBe(status);
  expect(answer.headers.get('cache-control')).toBe('private, no-store');
  expect(answer.headers.get('x-robots-tag')).toBe('noindex');
  expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
  const doc = parseHtml(answer.body);
  expect($$(doc, 'h1')).toHaveLength(1);
  expect(text(one(doc, 'h1'))).toMatch(heading);
  expect(attr(one(doc, 'meta[name="robots"]'), 'content')).toBe('noindex');
  const problems = await validateHtml(answer.body, 'newsletter.html');
  expect(problems.map((p) => `${p.line}:${p.column} ${p.rule}: ${p.message}`)).toEqual([]);
}

describe.each(engines())('the newsletter sign-up on %s', (engine) => {
  let sink: SmtpSink;
  let site: Masthead;
  let store: Store;
  let weeklyId: number;
  let dailyId: number;
  let fences = 0;

  const postForm = (path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
    send(`${site.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: formBody(form),
    });
  const postJson = (body: unknown) =>
    send(`${site.url}/newsletter/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const subscriber = (email: string) => store.db.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst();
  const subscriptions = async (email: string) => {
    const rows = await store.db
      .selectFrom('subscriptions')
      .innerJoin('subscribers', 'subscribers.id', 'subscriptions.subscriber_id')
      .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
      .select(['newsletters.slug', 'subscriptions.status'])
      .where('subscribers.email', '=', email)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.slug, r.status]));
  };
  const counts = async () => ({
    subscribers: Number(
      (
        await store.db
          .selectFrom('subscribers')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    subscriptions: Number(
      (
        await store.db
          .selectFrom('subscriptions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    tokens: Number(
      (
        await store.db
          .selectFrom('tokens')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });
  const confirmTokens = async (email: string) =>
    store.db
      .selectFrom('tokens')
      .innerJoin('subscribers', 'subscribers.id', 'tokens.subject_id')
      .select(['tokens.used_at', 'tokens.expires_at'])
      .where('tokens.purpose', '=', 'newsletter-confirm')
      .where('subscribers.email', '=', email)
      .execute();

  /** A subscriber written directly, in a state the sign-up flow itself cannot reach quickly. */
  async function addSubscriber(
    email: string,
    status: 'confirmed' | 'unsubscribed' | 'bounced' | 'complained',
    lists: Record<number, 'active' | 'unsubscribed'>,
  ) {
    const now = new Date().toISOString();
    const row = await store.db
      .insertInto('subscribers')
      .values({
        email,
        status,
        created_at: now,
        updated_at: now,
        confirmed_at: now,
        consent_at: now,
        consent_source: '/earlier',
        consent_ip: '192.0.2.1',
        unsubscribed_at: status === 'unsubscribed' ? now : null,
        bounce_reason: status === 'bounced' ? '550 no such mailbox' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [newsletterId, subscriptionStatus] of Object.entries(lists)) {
      await store.db
        .insertInto('subscriptions')
        .values({
          subscriber_id: row.id,
          newsletter_id: Number(newsletterId),
          status: subscriptionStatus,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    return row.id;
  }

  /** Proves that no mail to `address` is on its way: a later sign-up's mail arrives first. */
  async function expectMailCount(address: string, count: number) {
    const fence = `fence-${++fences}@example.net`;
    expect((await postJson({ email: fence })).status).toBe(202);
    await sink.waitFor(fence);
    await sleep(300);
    expect(sink.to(address)).toHaveLength(count);
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    site = await startMasthead({ engine, env: { SMTP_URL: sink.url, SECRET_KEY: SECRET } });
    store = await openStore(parseDatabaseUrl(site.env.DATABASE_URL!));
    weeklyId = (await store.db.selectFrom('newsletters').select('id').where('slug', '=', 'weekly').executeTakeFirstOrThrow()).id;
    dailyId = (
      await store.db
        .insertInto('newsletters')
        .values({
          slug: 'daily',
          name: 'QiOSK daily',
          description: 'The briefs, every weekday.',
          position: 1,
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await store?.close();
    await site?.stop();
    await sink?.close();
  });
  // Every test signs up from 127.0.0.1; the per-IP limit has its own test.
  const resetIpLimit = async () => {
    await store.db.deleteFrom('throttles').where('key', 'like', 'newsletter-signup:ip:%').execute();
  };
  beforeEach(resetIpLimit);
  /** As if ten minutes had passed for every address: a new sign-up may mail again (issue 12, the ten-minute gap). */
  const passMailGap = async () => {
    await store.db.deleteFrom('throttles').where('key', 'like', 'newsletter-signup:recent:%').execute();
  };

  it('puts the honeypot, the page path and a choice of lists into the sign-up forms', async () => {
    const page = await get(site.url, '/newsletter');
    expect(page.status).toBe(200);
    const doc = parseHtml(page.body);
    const form = one(doc, 'form[action="/newsletter/subscribe"]');
    expect(attr(one(form, 'input[name="source"]'), 'value')).toBe('/newsletter');
    const boxes = $$(form, 'input[type="checkbox"][name="newsletters"]');
    expect(boxes.map((box) => [attr(box, 'value'), attr(box, 'checked') !== undefined])).toEqual([
      ['weekly', true],
      ['daily', false],
    ]);
    const trap = one(form, 'input[name="website"]');
    expect(attr(trap, 'tabindex')).toBe('-1');
    expect(attr(trap, 'autocomplete')).toBe('off');
    expect(text(one(form, 'label[for="newsletter-website"]'))).toMatch(/leave this field empty/i);
    expect(attr(one(form, '.hp'), 'aria-hidden')).toBe('true');
    expect(await validateHtml(page.body, 'newsletter.html')).toEqual([]);
    const front = parseHtml((await get(site.url, '/')).body);
    expect(attr(one(front, 'form[action="/newsletter/subscribe"] input[name="source"]'), 'value')).toBe('/');
  });

  it('mails a confirmation link that a GET only shows and a POST confirms', async () => {
    const email = 'reader.one@example.org';
    const answer = await postForm('/newsletter/subscribe', {
      email: 'Reader.One@Example.org',
      source: '/walk-away-talks',
      website: '',
      name: '<a href="https://evil.example/">You won</a>',
    });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/newsletter/check-inbox');
    await expectTokenPage(await send(`${site.url}/newsletter/check-inbox`, {}), 200, /check your inbox/i);

    const stored = await subscriber(email);
    expect(stored).toMatchObject({ status: 'pending', consent_source: '/walk-away-talks', consent_ip: '127.0.0.1', confirmed_at: null });
    expect(Date.parse(stored!.consent_at!)).toBeGreaterThan(Date.now() - 60_000);
    expect(await subscriptions(email)).toEqual({ weekly: 'pending' });

    const mail = await sink.waitFor(email);
    const link = confirmLinkIn(mail);
    expect(link.origin).toBe(site.url);
    expect(link.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mail.parsed.subject).toMatch(/^Confirm your subscription/);
    expect(mail.parsed.html).toContain(link.href.replace(/&/g, '&amp;'));
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.parsed.messageId).toBeTruthy();
    expect(`${mail.parsed.text}${mail.parsed.html}${mail.parsed.subject}`).not.toMatch(/evil|You won|walk-away/);
    expect(mail.parsed.text).toContain(email);
    const tokens = await confirmTokens(email);
    expect(tokens).toHaveLength(1);
    const hours = (Date.parse(tokens[0]!.expires_at) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThanOrEqual(48);

    const shown = await send(link.href, {});
    await expectTokenPage(shown, 200, /confirm your subscription/i);
    const form = one(parseHtml(shown.body), 'form[action="/newsletter/confirm"]');
    expect(attr(form, 'method')).toBe('post');
    expect(attr(one(form, 'input[name="token"]'), 'value')).toBe(link.searchParams.get('token'));
    await send(link.href, { method: 'HEAD' });
    expect(await subscriber(email)).toMatchObject({ status: 'pending', confirmed_at: null });
    expect(await subscriptions(email)).toEqual({ weekly: 'pending' });
    expect((await confirmTokens(email))[0]!.used_at).toBeNull();

    const confirmed = await postForm('/newsletter/confirm', { token: link.searchParams.get('token')! });
    await expectTokenPage(confirmed, 200, /you’re subscribed/i);
    expect(confirmed.body).toContain('Weekly round-up');
    const after = await subscriber(email);
    expect(after?.status).toBe('confirmed');
    expect(Date.parse(after!.confirmed_at!)).toBeGreaterThan(Date.now() - 60_000);
    expect(await subscriptions(email)).toEqual({ weekly: 'active' });

    // The link is spent: a second POST (or a GET) is a clear page and changes nothing.
    const again = await postForm('/newsletter/confirm', { token: link.searchParams.get('token')! });
    await expectTokenPage(again, 410, /expired or was already used/i);
    await expectTokenPage(await send(link.href, {}), 410, /expired or was already used/i);
    expect(await subscriber(email)).toEqual(after);
  });

  it('answers a JSON sign-up with 202 and records "api" as its source', async () => {
    const answer = await postJson({ email: 'api.reader@example.org', newsletters: ['daily'] });
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body)).toEqual({ status: 'pending', message: expect.stringMatching(/check your inbox/i) });
    expect(await subscriber('api.reader@example.org')).toMatchObject({ status: 'pending', consent_source: 'api', consent_ip: '127.0.0.1' });
    expect(await subscriptions('api.reader@example.org')).toEqual({ daily: 'pending' });
    expect((await sink.waitFor('api.reader@example.org')).parsed.text).toContain('“QiOSK daily”');
  });

  it('refuses a malformed address with its reason, keeps what was typed, escaped, and stores nothing', async () => {
    const before = await counts();
    const typed = '"><script>alert(1)</script>@example.org';
    const form = await postForm('/newsletter/subscribe', { email: typed, source: '/newsletter', newsletters: 'daily', website: '' });
    expect(form.status).toBe(400);
    expect(form.body).not.toContain('<script>alert(1)');
    const doc = parseHtml(form.body);
    const input = one(doc, '#newsletter-email');
    expect(attr(input, 'value')).toBe(typed);
    expect(attr(input, 'aria-invalid')).toBe('true');
    expect(attr(input, 'aria-describedby')).toBe('newsletter-email-error');
    expect(text(one(doc, '#newsletter-email-error'))).toBe(
      'An email address cannot contain spaces, quotes, brackets, commas or semicolons.',
    );
    expect(
      $$(doc, 'input[name="newsletters"]')
        .filter((box) => attr(box, 'checked') !== undefined)
        .map((box) => attr(box, 'value')),
    ).toEqual(['daily']);
    expect(form.headers.get('cache-control')).toBe('private, no-store');
    expect(await validateHtml(form.body, 'refused.html')).toEqual([]);

    for (const [email, reason] of [
      ['no-at-sign.example.org', /needs an @/],
      ['', /Enter an email address/],
      ['a@b', /must be a domain/],
    ] as const) {
      const json = await postJson({ email });
      expect(json.status).toBe(400);
      const body = JSON.parse(json.body) as { error: { code: string; message: string; details: unknown } };
      expect(body.error).toEqual({
        code: 'SUBSCRIBER_ADDRESS_INVALID',
        message: expect.stringMatching(reason),
        details: { field: 'email' },
      });
    }
    const unknownField = await postJson({ email: 'x@example.org', website: 'x' });
    expect(unknownField.status).toBe(400);
    expect(JSON.parse(unknownField.body).error.code).toBe('INVALID');
    const badJson = await send(`${site.url}/newsletter/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body).error.code).toBe('INVALID');
    expect(await counts()).toEqual(before);
    expect(await subscriber('x@example.org')).toBeUndefined();
  });

  it('refuses an unknown list by name and joins the default list when none is named', async () => {
    const before = await counts();
    const json = await postJson({ email: 'lists@example.org', newsletters: ['weekly', 'no-such-list'] });
    expect(json.status).toBe(400);
    expect(JSON.parse(json.body).error).toEqual({
      code: 'NEWSLETTER_UNKNOWN',
      message: 'There is no newsletter called “no-such-list”.',
      details: { newsletters: ['no-such-list'] },
    });
    const form = await postForm('/newsletter/subscribe', { email: 'lists@example.org', newsletters: 'gone<b>', source: '/' });
    expect(form.status).toBe(400);
    const refused = parseHtml(form.body);
    expect(text(one(refused, '#newsletter-lists-error'))).toBe('There is no newsletter called “gone<b>”.');
    expect(attr(one(refused, 'fieldset'), 'aria-describedby')).toBe('newsletter-lists-error');
    expect(attr(one(refused, '#newsletter-email'), 'value')).toBe('lists@example.org');
    expect(await validateHtml(form.body, 'refused.html')).toEqual([]);
    // The sign-up page offers the lists; sending it with none ticked is a mistake to point out.
    const none = await postForm('/newsletter/subscribe', { email: 'lists@example.org', choice: '1', source: '/newsletter' });
    expect(none.status).toBe(400);
    expect(text(one(parseHtml(none.body), '#newsletter-lists-error'))).toBe('Tick at least one newsletter.');
    expect(await counts()).toEqual(before);

    expect((await postForm('/newsletter/subscribe', { email: 'lists@example.org', source: '/' })).status).toBe(303);
    expect(await subscriptions('lists@example.org')).toEqual({ weekly: 'pending' });
    expect(
      (await postForm('/newsletter/subscribe', { email: 'both@example.org', newsletters: ['weekly', 'daily'], source: '/' })).status,
    ).toBe(303);
    expect(await subscriptions('both@example.org')).toEqual({ weekly: 'pending', daily: 'pending' });
  });

  it('answers alike for new, pending, confirmed, unsubscribed, bounced and complained addresses', async () => {
    await postJson({ email: 'was.pending@example.org' });
    await sink.waitFor('was.pending@example.org');
    const confirmedId = await addSubscriber('was.confirmed@example.org', 'confirmed', { [weeklyId]: 'active' });
    await addSubscriber('was.unsubscribed@example.org', 'unsubscribed', { [weeklyId]: 'unsubscribed' });
    await addSubscriber('was.bounced@example.org', 'bounced', { [weeklyId]: 'active' });
    await addSubscriber('was.complained@example.org', 'complained', { [weeklyId]: 'unsubscribed' });
    const bouncedBefore = await subscriber('was.bounced@example.org');
    await resetIpLimit();
    await passMailGap();
    const addresses = [
      'brand.new@example.org',
      'was.pending@example.org',
      'was.confirmed@example.org',
      'was.unsubscribed@example.org',
      'was.bounced@example.org',
      'was.complained@example.org',
    ];

    const jsonAnswers = await Promise.all(
      addresses.map(async (email) => {
        const answer = await postJson({ email });
        return { status: answer.status, body: answer.body, type: answer.headers.get('content-type') };
      }),
    );
    expect(new Set(jsonAnswers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(jsonAnswers[0]!.status).toBe(202);
    await resetIpLimit();
    await passMailGap();
    const formAnswers = await Promise.all(
      addresses.map(async (email) => {
        const answer = await postForm('/newsletter/subscribe', { email, source: '/', website: '' });
        return { status: answer.status, body: answer.body, location: answer.location };
      }),
    );
    expect(new Set(formAnswers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(formAnswers[0]).toEqual({ status: 303, body: '', location: '/newsletter/check-inbox' });
    await resetIpLimit();

    // What differs is only what is stored and sent.
    expect((await subscriber('brand.new@example.org'))?.status).toBe('pending');
    expect((await subscriber('was.unsubscribed@example.org'))?.status).toBe('pending');
    expect(await subscriptions('was.unsubscribed@example.org')).toEqual({ weekly: 'pending' });
    expect(await subscriber('was.bounced@example.org')).toEqual(bouncedBefore);
    expect((await subscriber('was.complained@example.org'))?.status).toBe('complained');
    const confirmed = await subscriber('was.confirmed@example.org');
    expect(confirmed).toMatchObject({ status: 'confirmed', consent_source: '/earlier', consent_ip: '192.0.2.1' });
    await expectMailCount('was.bounced@example.org', 0);
    expect(sink.to('was.complained@example.org')).toHaveLength(0);
    expect(sink.to('brand.new@example.org')).toHaveLength(2);
    expect(sink.to('was.pending@example.org')).toHaveLength(3);
    expect(sink.to('was.unsubscribed@example.org').map((m) => m.parsed.subject)).toEqual([
      expect.stringMatching(/^Confirm/),
      expect.stringMatching(/^Confirm/),
    ]);
    const already = sink.to('was.confirmed@example.org');
    expect(already.map((m) => m.parsed.subject)).toEqual([
      expect.stringMatching(/already subscribed/),
      expect.stringMatching(/already subscribed/),
    ]);
    expect(already[0]!.parsed.text).not.toMatch(/\/newsletter\/confirm/);
    expect(already[0]!.parsed.text).toContain(
      `${site.url}/newsletter/unsubscribe?token=${unsubscribeToken(SECRET, { subscriber: confirmedId, newsletter: weeklyId })}`,
    );
  });

  it('turns a filled-in honeypot away with the ordinary answer, storing and sending nothing', async () => {
    const before = await counts();
    const answer = await postForm('/newsletter/subscribe', { email: 'bot@example.org', source: '/', website: 'https://spam.example' });
    expect(answer).toMatchObject({ status: 303, location: '/newsletter/check-inbox', body: '' });
    expect(await counts()).toEqual(before);
    await expectMailCount('bot@example.org', 0);
  });

  it('sends at most three mails an address a day, answering alike beyond that', async () => {
    const email = 'many.times@example.org';
    for (let i = 0; i < 5; i++) {
      await passMailGap();
      expect((await postForm('/newsletter/subscribe', { email, source: '/' })).status).toBe(303);
    }
    await expectMailCount(email, 3);
    expect(await confirmTokens(email)).toHaveLength(3);
  });

  it('limits sign-ups per IP with 429 and Retry-After, storing nothing past the limit', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await postForm('/newsletter/subscribe', { email: `ip-${i}@example.org`, website: 'bot' })).status).toBe(303);
    }
    const before = await counts();
    const page = await postForm('/newsletter/subscribe', { email: 'eleventh@example.org', source: '/' });
    expect(page.status).toBe(429);
    const retry = Number(page.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(3000);
    expect(retry).toBeLessThanOrEqual(3600);
    expect(page.body).toContain('Too many sign-ups');
    expect(await validateHtml(page.body, 'too-many.html')).toEqual([]);
    const json = await postJson({ email: 'eleventh@example.org' });
    expect(json.status).toBe(429);
    expect(json.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(JSON.parse(json.body).error.code).toBe('RATE_LIMITED');
    expect(await counts()).toEqual(before);
  });

  it('shows a clear page for an invalid or expired confirmation link, changing nothing', async () => {
    const email = 'late.reader@example.org';
    await postJson({ email });
    const token = confirmLinkIn(await sink.waitFor(email)).searchParams.get('token')!;
    // Two days later, in the database's terms: the token's expiry is moved into the past.
    const id = (await subscriber(email))!.id;
    await store.db
      .updateTable('tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('purpose', '=', 'newsletter-confirm')
      .where('subject_id', '=', id)
      .execute();
    const before = { subscriber: await subscriber(email), subscriptions: await subscriptions(email), tokens: await confirmTokens(email) };

    await expectTokenPage(await send(`${site.url}/newsletter/confirm?token=${token}`, {}), 410, /expired/);
    await expectTokenPage(await postForm('/newsletter/confirm', { token }), 410, /expired/);
    for (const bad of ['', 'short', 'A'.repeat(43), `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`]) {
      await expectTokenPage(await send(`${site.url}/newsletter/confirm?token=${encodeURIComponent(bad)}`, {}), 400, /not valid/);
      await expectTokenPage(await postForm('/newsletter/confirm', { token: bad }), 400, /not valid/);
    }
    expect((await postForm('/newsletter/confirm', {})).status).toBe(400);
    expect({ subscriber: await subscriber(email), subscriptions: await subscriptions(email), tokens: await confirmTokens(email) }).toEqual(
      before,
    );
  });

  it('unsubscribes with one click by POST (RFC 8058), after a GET that changes nothing', async () => {
    const email = 'one.click@example.org';
    const id = await addSubscriber(email, 'confirmed', { [weeklyId]: 'active' });
    const path = `/newsletter/unsubscribe?token=${unsubscribeToken(SECRET, { subscriber: id, newsletter: weeklyId })}`;
    const before = await subscriber(email);

    const shown = await send(`${site.url}${path}`, {});
    await expectTokenPage(shown, 200, /unsubscribe from “Weekly round-up”/i);
    const form = one(parseHtml(shown.body), `form[action="${path}"]`);
    expect(attr(form, 'method')).toBe('post');
    expect(await subscriber(email)).toEqual(before);
    expect(await subscriptions(email)).toEqual({ weekly: 'active' });

    // As a mail provider sends it: no cookie, no Origin, the RFC's one field.
    const clicked = await send(`${site.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    await expectTokenPage(clicked, 200, /you’re unsubscribed/i);
    expect(await subscriptions(email)).toEqual({ weekly: 'unsubscribed' });
    const after = await subscriber(email);
    expect(after?.status).toBe('unsubscribed');
    expect(Date.parse(after!.unsubscribed_at!)).toBeGreaterThan(Date.now() - 60_000);

    const repeated = await send(`${site.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(repeated.status).toBe(200);
    expect(await subscriber(email)).toEqual(after);

    const invalid = await send(`${site.url}${path.slice(0, -2)}xx`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    await expectTokenPage(invalid, 404, /not valid/);
  });

  it('lets an older confirmation link, clicked after unsubscribing, subscribe nobody again', async () => {
    const email = 'changed.mind@example.org';
    await postJson({ email });
    await passMailGap();
    await postJson({ email });
    await expect.poll(() => sink.to(email).length).toBe(2);
    const [first, second] = sink.to(email).map((mail) => confirmLinkIn(mail).searchParams.get('token')!);
    expect((await postForm('/newsletter/confirm', { token: first! })).status).toBe(200);
    const id = (await subscriber(email))!.id;
    const path = `/newsletter/unsubscribe?token=${unsubscribeToken(SECRET, { subscriber: id, newsletter: weeklyId })}`;
    expect((await postForm(path, { 'List-Unsubscribe': 'One-Click' })).status).toBe(200);
    const unsubscribed = await subscriber(email);
    expect(unsubscribed?.status).toBe('unsubscribed');

    expect((await postForm('/newsletter/confirm', { token: second! })).status).toBe(200);
    expect(await subscriber(email)).toEqual(unsubscribed);
    expect(await subscriptions(email)).toEqual({ weekly: 'unsubscribed' });
  });

  it("unsubscribes through an issue's link from that list only, counting it on the delivery, and never revives a bounce", async () => {
    const email = 'from.issue@example.org';
    const id = await addSubscriber(email, 'confirmed', { [weeklyId]: 'active', [dailyId]: 'active' });
    const now = new Date().toISOString();
    const issue = await store.db
      .insertInto('newsletter_issues')
      .values({
        newsletter_id: weeklyId,
        status: 'sent',
        subject: 'The week in review',
        created_at: now,
        updated_at: now,
        html: '<p>x</p>',
        text: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const delivery = await store.db
      .insertInto('newsletter_deliveries')
      .values({
        issue_id: issue.id,
        subscriber_id: id,
        email,
        state: 'sent',
        next_attempt_at: now,
        sent_at: now,
        message_id: '<m1@example.org>',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `/newsletter/unsubscribe?token=${unsubscribeToken(SECRET, { delivery: delivery.id })}`;

    // RFC 8058 also allows the one field as multipart/form-data.
    const body = new FormData();
    body.append('List-Unsubscribe', 'One-Click');
    const clicked = await send(`${site.url}${path}`, { method: 'POST', body });
    await expectTokenPage(clicked, 200, /you’re unsubscribed/i);
    expect(await subscriptions(email)).toEqual({ weekly: 'unsubscribed', daily: 'active' });
    expect((await subscriber(email))?.status).toBe('confirmed');
    const row = await store.db
      .selectFrom('newsletter_deliveries')
      .select('unsubscribed_at')
      .where('id', '=', delivery.id)
      .executeTakeFirstOrThrow();
    expect(Date.parse(row.unsubscribed_at!)).toBeGreaterThan(Date.now() - 60_000);

    const bouncedId = await addSubscriber('bounced.reader@example.org', 'bounced', { [weeklyId]: 'active' });
    const bouncedPath = `/newsletter/unsubscribe?token=${unsubscribeToken(SECRET, { subscriber: bouncedId, newsletter: weeklyId })}`;
    expect((await postForm(bouncedPath, { 'List-Unsubscribe': 'One-Click' })).status).toBe(200);
    expect(await subscriptions('bounced.reader@example.org')).toEqual({ weekly: 'unsubscribed' });
    expect(await subscriber('bounced.reader@example.org')).toMatchObject({ status: 'bounced', unsubscribed_at: null });
  });

  it('gives readers their data and deletes it on request, keeping the issue counts without the address', async () => {
    const email = 'my.data@example.org';
    const id = await addSubscriber(email, 'confirmed', { [weeklyId]: 'active' });
    const now = new Date().toISOString();
    const issue = await store.db
      .insertInto('newsletter_issues')
      .values({
        newsletter_id: weeklyId,
        status: 'sent',
        subject: 'Your week, summed up',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await store.db
      .insertInto('newsletter_deliveries')
      .values({ issue_id: issue.id, subscriber_id: id, email, state: 'sent', next_attempt_at: now, sent_at: now })
      .execute();
    const token = unsubscribeToken(SECRET, { subscriber: id, newsletter: weeklyId });

    // The unsubscribe link (in every forwarded issue) only asks for a data link, mailed to
    // the address; that link alone opens the data (test/inject/subscriber-data-link.test.ts).
    const page = await send(`${site.url}/newsletter/unsubscribe?token=${token}`, {});
    const doc = parseHtml(page.body);
    expect(attr(one(doc, `form[action="/newsletter/data/link?token=${token}"]`), 'method')).toBe('post');
    expect($$(doc, `form[action="/newsletter/data?token=${token}"]`)).toEqual([]);
    await expectTokenPage(await send(`${site.url}/newsletter/data/link?token=${token}`, { method: 'POST' }), 200, /check your inbox/i);
    const mail = await sink.waitFor(email);
    expect(mail.parsed.subject).toMatch(/^Your newsletter data/);
    const dataToken = /\/newsletter\/data\?token=([A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')![1]!;
    const dataPage = await send(`${site.url}/newsletter/data?token=${dataToken}`, {});
    await expectTokenPage(dataPage, 200, /your newsletter data/i);
    const dataDoc = parseHtml(dataPage.body);
    expect(attr(one(dataDoc, `form[action="/newsletter/data?token=${dataToken}"]`), 'method')).toBe('post');
    expect(attr(one(dataDoc, `form[action="/newsletter/data/delete?token=${dataToken}"]`), 'method')).toBe('post');

    const data = await send(`${site.url}/newsletter/data?token=${dataToken}`, { method: 'POST' });
    expect(data.status).toBe(200);
    expect(data.headers.get('content-type')).toMatch(/^application\/json/);
    expect(data.headers.get('content-disposition')).toBe('attachment; filename="newsletter-data.json"');
    expect(data.headers.get('cache-control')).toBe('private, no-store');
    expect(JSON.parse(data.body)).toMatchObject({
      email,
      status: 'confirmed',
      consent: { source: '/earlier', ip: '192.0.2.1' },
      newsletters: [{ slug: 'weekly', name: 'Weekly round-up', status: 'active' }],
      issues_sent: [{ newsletter: 'weekly', subject: 'Your week, summed up', state: 'sent' }],
    });
    expect(await subscriber(email)).toBeDefined();
    expect((await send(`${site.url}/newsletter/data?token=${dataToken}x`, { method: 'POST' })).status).toBe(404);

    const deleted = await send(`${site.url}/newsletter/data/delete?token=${dataToken}`, { method: 'POST' });
    await expectTokenPage(deleted, 200, /your data is deleted/i);
    expect(await subscriber(email)).toBeUndefined();
    expect(await store.db.selectFrom('subscriptions').select('status').where('subscriber_id', '=', id).execute()).toEqual([]);
    expect(
      await store.db
        .selectFrom('newsletter_deliveries')
        .select(['subscriber_id', 'email', 'state'])
        .where('issue_id', '=', issue.id)
        .execute(),
    ).toEqual([{ subscriber_id: null, email: '', state: 'sent' }]);
    await expectTokenPage(await send(`${site.url}/newsletter/unsubscribe?token=${token}`, {}), 200, /not subscribed/i);
  });
});
