import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { openStore, type Store } from '../../src/store/store.js';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

// Issue 4's whole reader journey against a real SMTP server: sign up, confirm from the
// mailed link, receive an issue sent by `masthead newsletter send`, and leave with one
// click from that issue's List-Unsubscribe header, the way a mail provider does it
// (RFC 8058: a POST with no cookie and no Origin). The issue's stats count the leave.

function rawHeader(raw: Buffer, name: string): string | undefined {
  const head = raw
    .toString('utf8')
    .split(/\r?\n\r?\n/)[0]!
    .replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

describe.each(engines())('a reader from sign-up to one-click unsubscribe on %s', (engine) => {
  let sink: SmtpSink;
  let site: Masthead;
  let store: Store;

  beforeAll(async () => {
    sink = await startSmtpSink();
    site = await startMasthead({ engine, bundle: referenceBundle, env: { SMTP_URL: sink.url } });
    store = await openStore(parseDatabaseUrl(site.env.DATABASE_URL!));
  });
  afterAll(async () => {
    await store?.close();
    await site?.stop();
    await sink?.close();
  });

  it('signs up, confirms, receives an issue and unsubscribes from its header', async () => {
    const email = 'whole.journey@example.org';
    const signup = await fetch(`${site.url}/newsletter/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    expect(signup.status).toBe(202);
    const confirmation = await sink.waitFor(email);
    const token = /\/newsletter\/confirm\?token=([A-Za-z0-9_-]+)/.exec(confirmation.parsed.text ?? '')?.[1];
    expect(token).toBeDefined();
    const confirmed = await fetch(`${site.url}/newsletter/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: token! }),
    });
    expect(confirmed.status).toBe(200);

    // An issue of the weekly list with one story, sent the way an editor's "send now" does.
    const now = new Date().toISOString();
    const weekly = await store.db.selectFrom('newsletters').select('id').where('slug', '=', 'weekly').executeTakeFirstOrThrow();
    const story = await store.db.selectFrom('articles').select('id').where('slug', '=', 'walk-away-talks').executeTakeFirstOrThrow();
    const issue = await store.db
      .insertInto('newsletter_issues')
      .values({
        newsletter_id: weekly.id,
        subject: 'The talks, and what came after',
        intro: 'Our week.',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await store.db.insertInto('newsletter_issue_stories').values({ issue_id: issue.id, article_id: story.id, position: 0 }).execute();
    const sent = await site.cli(['newsletter', 'send', '--newsletter', 'weekly']);
    expect(sent.code, `${sent.stdout}\n${sent.stderr}`).toBe(0);

    await expect.poll(() => sink.to(email).length, { timeout: 15_000 }).toBe(2);
    const received = sink.to(email)[1]!;
    expect(received.parsed.subject).toBe('The talks, and what came after');
    // Read from the raw message: mailparser folds the List-* headers into one object.
    expect(rawHeader(received.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const header = rawHeader(received.raw, 'List-Unsubscribe') ?? '';
    const url = /<(https?:\/\/[^>]+\/newsletter\/unsubscribe\?token=[^>]+)>/.exec(header)?.[1];
    expect(url, header).toBeDefined();
    expect(new URL(url!).origin).toBe(site.url);

    const id = (await store.db.selectFrom('subscribers').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const listStatus = async () =>
      (await store.db.selectFrom('subscriptions').select('status').where('subscriber_id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await listStatus()).toBe('active');
    const shown = await fetch(url!);
    expect(shown.status).toBe(200);
    expect(await listStatus()).toBe('active');

    const clicked = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(clicked.status).toBe(200);
    const subscriber = await store.db
      .selectFrom('subscribers')
      .select(['id', 'status', 'unsubscribed_at'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(subscriber.status).toBe('unsubscribed');
    expect(await listStatus()).toBe('unsubscribed');
    expect(subscriber.unsubscribed_at).not.toBeNull();
    const delivery = await store.db
      .selectFrom('newsletter_deliveries')
      .select(['state', 'unsubscribed_at'])
      .where('issue_id', '=', issue.id)
      .where('subscriber_id', '=', subscriber.id)
      .executeTakeFirstOrThrow();
    expect(delivery.state).toBe('sent');
    expect(delivery.unsubscribed_at).not.toBeNull();
  });
});
