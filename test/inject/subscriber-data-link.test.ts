import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_LINKS_PER_HOUR } from '../../src/newsletter/reader-subscription.js';
import { unsubscribeToken } from '../../src/newsletter/unsubscribe-link.js';
import { startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { waitUntil } from '../helpers/wait-until.js';

// The unsubscribe link travels with every forwarded issue, so it unsubscribes (RFC 8058
// one-click) and can ask for a data link, but opens no personal data and erases nothing.
// The data link is mailed to the subscribed address (here the outbox folder, the same
// mailer the sign-up confirmation uses), works for 30 minutes, and erases once.

const SECRET = 'a test secret of at least thirty-two characters';

describe('a subscriber’s data behind a mailed link', () => {
  let site: NewsroomSite;
  let weeklyId: number;
  let outbox: string;

  const addSubscriber = async (email: string) => {
    const now = new Date().toISOString();
    const row = await site.store.db
      .insertInto('subscribers')
      .values({
        email,
        status: 'confirmed',
        created_at: now,
        updated_at: now,
        confirmed_at: now,
        consent_at: now,
        consent_source: '/earlier',
        consent_ip: '192.0.2.1',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await site.store.db
      .insertInto('subscriptions')
      .values({ subscriber_id: row.id, newsletter_id: weeklyId, status: 'active', created_at: now, updated_at: now })
      .execute();
    return { id: row.id, unsubscribe: unsubscribeToken(SECRET, { subscriber: row.id, newsletter: weeklyId }) };
  };
  const subscriberRow = (email: string) =>
    site.store.db.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst();
  const post = (url: string) => site.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const get = (url: string) => site.app.inject({ url });
  /** The texts of the mails the outbox holds for `to`, oldest first. */
  const mailsTo = async (to: string) => {
    const names = (await readdir(outbox).catch(() => [] as string[])).filter((name) => name.endsWith('.eml')).sort();
    const mails = await Promise.all(names.map(async (name) => simpleParser(await readFile(path.join(outbox, name)))));
    return mails.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text === to).map((mail) => mail.text ?? '');
  };
  /** Asks for a data link with the unsubscribe link, and reads the link from the mail. */
  const mailedLink = async (email: string, unsubscribe: string) => {
    const before = (await mailsTo(email)).length;
    const asked = await post(`/newsletter/data/link?token=${unsubscribe}`);
    expect(asked.statusCode, asked.body.slice(0, 300)).toBe(200);
    expect(asked.body).toContain('Check your inbox');
    expect(asked.body).not.toContain(email);
    await waitUntil(async () => (await mailsTo(email)).length > before, 10_000, `the data-link mail to ${email}`);
    const text = (await mailsTo(email)).at(-1)!;
    const token = /\/newsletter\/data\?token=([\w-]{43})/.exec(text)![1]!;
    return token;
  };

  beforeAll(async () => {
    site = await startNewsroomSite({ engine: 'sqlite' });
    outbox = path.join(path.dirname(site.mediaDir), 'outbox');
    weeklyId = (await site.store.db.selectFrom('newsletters').select('id').where('slug', '=', 'weekly').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => site?.close());

  it('opens no personal data and changes nothing with only the unsubscribe link', async () => {
    const email = 'forwarded.reader@example.org';
    const { unsubscribe } = await addSubscriber(email);
    for (const answer of [
      await get(`/newsletter/data?token=${unsubscribe}`),
      await post(`/newsletter/data?token=${unsubscribe}`),
      await post(`/newsletter/data/delete?token=${unsubscribe}`),
    ]) {
      expect(answer.statusCode).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.body).not.toContain(email);
      expect(answer.body).not.toContain('192.0.2.1');
    }
    expect(await subscriberRow(email)).toMatchObject({ email, status: 'confirmed' });
    // Its page offers to unsubscribe and to mail a data link, nothing else.
    const page = await get(`/newsletter/unsubscribe?token=${unsubscribe}`);
    expect(page.statusCode).toBe(200);
    const actions = [...page.body.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(actions).toEqual([`/newsletter/unsubscribe?token=${unsubscribe}`, `/newsletter/data/link?token=${unsubscribe}`]);
    // One-click unsubscribe still works on that link.
    expect((await post(`/newsletter/unsubscribe?token=${unsubscribe}`)).statusCode).toBe(200);
    const lists = await site.store.db.selectFrom('subscriptions').select('status').where('newsletter_id', '=', weeklyId).execute();
    expect(lists.map((row) => row.status)).toContain('unsubscribed');
    expect(await subscriberRow(email)).toBeDefined();
  });

  it('opens the data with the mailed link, which expires', async () => {
    const email = 'careful.reader@example.org';
    const { unsubscribe } = await addSubscriber(email);
    const token = await mailedLink(email, unsubscribe);
    expect(token).not.toBe(unsubscribe);

    const page = await get(`/newsletter/data?token=${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.body).toContain(`action="/newsletter/data?token=${token}"`);
    expect(page.body).toContain(`action="/newsletter/data/delete?token=${token}"`);
    const data = await post(`/newsletter/data?token=${token}`);
    expect(data.statusCode).toBe(200);
    expect(data.headers['content-disposition']).toBe('attachment; filename="newsletter-data.json"');
    expect(JSON.parse(data.body)).toMatchObject({
      email,
      consent: { source: '/earlier', ip: '192.0.2.1' },
      newsletters: [{ slug: 'weekly' }],
    });

    // A newer link withdraws the older one.
    const newer = await mailedLink(email, unsubscribe);
    expect((await post(`/newsletter/data?token=${token}`)).statusCode).toBe(410);
    expect((await post(`/newsletter/data?token=${newer}`)).statusCode).toBe(200);

    // Thirty minutes later (moved in the store, not waited for) it opens nothing and erases nothing.
    await site.store.db
      .updateTable('tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('purpose', '=', 'newsletter-data')
      .execute();
    for (const answer of [
      await get(`/newsletter/data?token=${newer}`),
      await post(`/newsletter/data?token=${newer}`),
      await post(`/newsletter/data/delete?token=${newer}`),
    ]) {
      expect(answer.statusCode).toBe(410);
      expect(answer.body).toContain('expired or was already used');
      expect(answer.body).not.toContain(email);
    }
    expect(await subscriberRow(email)).toBeDefined();
  });

  it('erases with the mailed link once; the used link cannot erase again', async () => {
    const email = 'leaving.reader@example.org';
    const { id, unsubscribe } = await addSubscriber(email);
    const token = await mailedLink(email, unsubscribe);
    const deleted = await post(`/newsletter/data/delete?token=${token}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.body).toContain('Your data is deleted');
    expect(await subscriberRow(email)).toBeUndefined();
    const again = await post(`/newsletter/data/delete?token=${token}`);
    expect(again.statusCode).toBe(410);
    expect((await post(`/newsletter/data?token=${token}`)).statusCode).toBe(410);
    // A subscriber who takes the same id later is not reachable through the old link.
    const live = await site.store.db
      .selectFrom('tokens')
      .select('hash')
      .where('subject_id', '=', id)
      .where('used_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
  });

  it(`mails at most ${DATA_LINKS_PER_HOUR} links an hour to one address`, async () => {
    const email = 'flooded.reader@example.org';
    const { unsubscribe } = await addSubscriber(email);
    for (let n = 0; n < DATA_LINKS_PER_HOUR; n++) await mailedLink(email, unsubscribe);
    const refused = await post(`/newsletter/data/link?token=${unsubscribe}`);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).not.toContain(email);
    // Another address is not held back by this one's limit.
    await mailedLink('other.reader@example.org', (await addSubscriber('other.reader@example.org')).unsubscribe);
    expect(await mailsTo(email)).toHaveLength(DATA_LINKS_PER_HOUR);
  });
});
