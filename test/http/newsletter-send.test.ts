import { generateKeyPairSync, createHmac } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/mail/mailer.js';
import { renderIssue } from '../../src/newsletter/issue-content.js';
import { sendIssue } from '../../src/newsletter/sending/issue-sender.js';
import { scheduleIssueSend } from '../../src/newsletter/send-schedule.js';
import type { Store } from '../../src/store/store.js';
import { draftIssue, openDatabaseOf, readerAddress, seedConfirmedSubscribers } from '../helpers/newsletter.js';
import { engines, referenceBundle, runCli, startMasthead, type Masthead } from '../helpers/server.js';
import { headerOf, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

// Sending an issue through a real SMTP server (smtp-server), parsing what arrives with
// mailparser: one message per confirmed subscriber with the headers mail clients and
// inbox providers read, a 5xx that marks the address bounced, a 4xx that is retried,
// bounce and complaint reports from a mailbox and from a signed webhook, and DKIM.

const EVENTS_SECRET = 'e'.repeat(40);
const FROM = 'news@parallax.example';
const GONE = 'gone@inbox.example';

describe.each(engines())('sending a newsletter on %s', (engine) => {
  let sink: SmtpSink;
  let masthead: Masthead;
  let store: Store;

  beforeAll(async () => {
    sink = await startSmtpSink({ rcptReply: (address) => (address === GONE ? 550 : undefined) });
    masthead = await startMasthead({
      engine,
      bundle: referenceBundle,
      env: { SMTP_URL: sink.url, MAIL_FROM: FROM, NEWSLETTER_EVENTS_SECRET: EVENTS_SECRET },
    });
    store = await openDatabaseOf(masthead);
  });
  afterAll(async () => {
    await store?.close();
    await masthead?.stop();
    await sink?.close();
  });

  const deliveries = (issueId: number) =>
    store.db.selectFrom('newsletter_deliveries').selectAll().where('issue_id', '=', issueId).orderBy('id').execute();
  const subscriber = (email: string) => store.db.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirstOrThrow();

  it('sends the current issue from the CLI: one message per confirmed subscriber, with unsubscribe, list and id headers', async () => {
    await seedConfirmedSubscribers(store.db, 3);
    await seedConfirmedSubscribers(store.db, 1, 'weekly', 900_000);
    await store.db.updateTable('subscribers').set({ email: GONE }).where('email', '=', readerAddress(900_000)).execute();
    // Not recipients: a pending address, and one whose subscription was ended.
    await seedConfirmedSubscribers(store.db, 2, 'weekly', 800_000);
    await store.db.updateTable('subscribers').set({ status: 'pending' }).where('email', '=', readerAddress(800_000)).execute();
    const ended = await subscriber(readerAddress(800_001));
    await store.db.updateTable('subscriptions').set({ status: 'unsubscribed' }).where('subscriber_id', '=', ended.id).execute();
    const issueId = await draftIssue(store.db, { subject: 'The Parallax: ceasefire week' });

    const sent = await masthead.cli(['newsletter', 'send']);
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain(`Sending issue ${issueId} of Weekly round-up: "The Parallax: ceasefire week"`);
    expect(sent.stdout).toContain('Recipients: 4');
    expect(sent.stdout).toContain('Sent: 3, failed: 0, bounced: 1, uncertain: 0');

    await sink.waitForCount(3);
    expect(sink.received.flatMap((m) => m.to).sort()).toEqual([1, 2, 3].map(readerAddress));
    const rows = await deliveries(issueId);
    expect(rows.map((r) => [r.email, r.state])).toEqual([
      [readerAddress(1), 'sent'],
      [readerAddress(2), 'sent'],
      [readerAddress(3), 'sent'],
      [GONE, 'bounced'],
    ]);
    expect((await subscriber(GONE)).status).toBe('bounced');
    expect((await subscriber(GONE)).bounce_reason).toMatch(/550/);

    const mail = sink.to(readerAddress(2))[0]!;
    const row = rows.find((r) => r.email === readerAddress(2))!;
    expect(headerOf(mail, 'Message-ID')).toBe(row.message_id);
    expect(new Set(sink.received.map((m) => headerOf(m, 'Message-ID'))).size).toBe(3);
    expect(Date.parse(headerOf(mail, 'Date') ?? '')).toBeGreaterThan(Date.now() - 120_000);
    expect(headerOf(mail, 'From')).toMatch(/^"?The .+"? <news@parallax\.example>$/);
    expect(headerOf(mail, 'List-Id')).toBe('"Weekly round-up" <weekly.parallax.example>');
    expect(headerOf(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribe =
      /^<(http:\/\/127\.0\.0\.1:\d+\/newsletter\/unsubscribe\?token=(d\d+\.[\w-]{43}))>, <mailto:news@parallax\.example\?subject=unsubscribe%20\2>$/.exec(
        headerOf(mail, 'List-Unsubscribe') ?? '',
      );
    expect(unsubscribe, headerOf(mail, 'List-Unsubscribe')).not.toBeNull();
    expect(unsubscribe![1]).toBe(`${masthead.url}/newsletter/unsubscribe?token=${unsubscribe![2]}`);
    expect(mail.parsed.subject).toBe('The Parallax: ceasefire week');
    expect(mail.parsed.html).toContain(unsubscribe![1]);
    expect(mail.parsed.text).toContain(unsubscribe![1]);
    expect(`${mail.parsed.html}${mail.parsed.text}`).not.toContain('masthead.invalid');
    // Each recipient's link is their own.
    expect(sink.to(readerAddress(1))[0]!.parsed.html).not.toContain(unsubscribe![2]);

    const issue = await store.db.selectFrom('newsletter_issues').selectAll().where('id', '=', issueId).executeTakeFirstOrThrow();
    expect(issue.status).toBe('sent');
    expect(issue.html).toContain('masthead.invalid');

    // Nothing is sent twice: the issue is done, and the week's round-up has no stories.
    const again = await masthead.cli(['newsletter', 'send']);
    expect(again.code).toBe(1);
    expect(`${again.stdout}${again.stderr}`).toMatch(/no stories|already/);
    expect(sink.received).toHaveLength(3);
  });

  it('retries a temporary refusal with backoff, and gives up on one that never clears', async () => {
    const tries = new Map<string, number>();
    const fussy = await startSmtpSink({
      rcptReply: (address) => {
        tries.set(address, (tries.get(address) ?? 0) + 1);
        if (address === 'later@inbox.example' && tries.get(address)! < 2) return 451;
        if (address === 'never@inbox.example') return 452;
        return undefined;
      },
    });
    const mailer = createMailer({ smtpUrl: fussy.url, from: FROM, outboxDir: masthead.dataDir, connections: 2 });
    try {
      const list = await store.db
        .insertInto('newsletters')
        .values({ slug: 'fussy', name: 'Fussy list', created_at: new Date().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await seedConfirmedSubscribers(store.db, 2, 'fussy', 700_000);
      await store.db.updateTable('subscribers').set({ email: 'later@inbox.example' }).where('email', '=', readerAddress(700_000)).execute();
      await store.db.updateTable('subscribers').set({ email: 'never@inbox.example' }).where('email', '=', readerAddress(700_001)).execute();
      const issueId = await draftIssue(store.db, { listSlug: 'fussy' });
      expect(list.id).toBeGreaterThan(0);
      expect(await scheduleIssueSend(store.db, { issueId, at: new Date(Date.now() + 3_600_000) })).toEqual({ ok: true });
      const result = await sendIssue(
        {
          db: store.db,
          mailer,
          siteUrl: masthead.url,
          secretKey: 'k'.repeat(64),
          mailFrom: FROM,
          render: (id) => renderIssue(store.db, id, { siteUrl: masthead.url }),
          tuning: { lanes: 2, batchSize: 5, maxAttempts: 3, retryBackoff: { baseMs: 100, maxMs: 400 } },
        },
        issueId,
        { stop: [] },
      );
      expect(result.state).toBe('sent');
      const rows = await deliveries(issueId);
      expect(rows.map((r) => [r.email, r.state, r.attempts])).toEqual([
        ['later@inbox.example', 'sent', 2],
        ['never@inbox.example', 'failed', 3],
      ]);
      expect(rows[1]!.error).toMatch(/gave up after 3 attempts: 452/);
      expect(fussy.to('later@inbox.example')).toHaveLength(1);
      expect(fussy.to('never@inbox.example')).toHaveLength(0);
    } finally {
      mailer.close();
      await fussy.close();
    }
  });

  it("paces a send at the list's messages per second: spread over the time the rate asks for, not sent at once", async () => {
    // 10 a second and 30 readers: each message waits for the next 100 ms slot before it is
    // handed to the SMTP pool, whichever of the five lanes carries it, so the last hand-off
    // comes at least 29 slots after the first. Only that lower bound is asserted (with a
    // quarter off for timer rounding): a loaded machine makes a send slower, never faster.
    const perSecond = 10;
    const readers = 30;
    await store.db
      .insertInto('newsletters')
      .values({ slug: 'paced', name: 'Paced list', created_at: new Date().toISOString(), max_per_second: perSecond })
      .execute();
    await seedConfirmedSubscribers(store.db, readers, 'paced', 400_000);
    const issueId = await draftIssue(store.db, { listSlug: 'paced', subject: 'Paced issue' });
    expect(await scheduleIssueSend(store.db, { issueId, at: new Date(Date.now() + 3_600_000) })).toEqual({ ok: true });
    const paced = await startSmtpSink({ parse: false });
    const pool = createMailer({ smtpUrl: paced.url, from: FROM, outboxDir: masthead.dataDir });
    const handedOver: number[] = [];
    const mailer = {
      ...pool,
      sendRaw: (to: string, raw: Buffer) => {
        handedOver.push(performance.now());
        return pool.sendRaw(to, raw);
      },
    };
    try {
      const result = await sendIssue(
        {
          db: store.db,
          mailer,
          siteUrl: masthead.url,
          secretKey: 'k'.repeat(64),
          mailFrom: FROM,
          render: (id) => renderIssue(store.db, id, { siteUrl: masthead.url }),
        },
        issueId,
        { stop: [] },
      );

      expect(result).toMatchObject({ state: 'sent', counts: { sent: readers } });
      expect(new Set(paced.received.flatMap((mail) => mail.to)).size).toBe(readers);
      expect(handedOver).toHaveLength(readers);
      const span = handedOver[readers - 1]! - handedOver[0]!;
      expect(span, `${readers} messages handed over within ${Math.round(span)} ms`).toBeGreaterThanOrEqual(
        0.75 * (readers - 1) * (1000 / perSecond),
      );
    } finally {
      pool.close();
      await paced.close();
    }
  });

  it('reads bounces and complaints from a Maildir and an mbox; those addresses are never mailed again', async () => {
    const first = await deliveries(
      (await store.db.selectFrom('newsletter_issues').select('id').where('status', '=', 'sent').orderBy('id').executeTakeFirstOrThrow()).id,
    );
    const bounced = first.find((r) => r.email === readerAddress(1))!;
    const dir = await mkdtemp(path.join(tmpdir(), 'masthead-mail-'));
    try {
      const dsn = (await readFile(new URL('../fixtures/mail/bounce-dsn.eml', import.meta.url), 'utf8'))
        .replaceAll('gone.reader@example.org', readerAddress(1))
        .replace('<issue3.d17.abcdef@parallax.example>', bounced.message_id!);
      const arf = (await readFile(new URL('../fixtures/mail/complaint-arf.eml', import.meta.url), 'utf8')).replace(
        'Annoyed.Reader@Example.com',
        readerAddress(2).toUpperCase(),
      );
      const reply = await readFile(new URL('../fixtures/mail/reply.eml', import.meta.url), 'utf8');
      for (const folder of ['new', 'cur', 'tmp']) await mkdir(path.join(dir, 'maildir', folder), { recursive: true });
      await writeFile(path.join(dir, 'maildir', 'new', '1.host'), dsn);
      await writeFile(path.join(dir, 'maildir', 'cur', '2.host:2,S'), reply);
      await writeFile(
        path.join(dir, 'inbox.mbox'),
        `From MAILER-DAEMON Fri Nov 27 11:00:00 2026\n${arf}\nFrom reader@example.org Fri Nov 27 11:01:00 2026\n${reply}\n`,
      );

      const fromMaildir = await masthead.cli(['newsletter', 'bounces', '--maildir', path.join(dir, 'maildir')]);
      expect(fromMaildir.code, fromMaildir.stderr).toBe(0);
      expect(fromMaildir.stdout).toContain(
        'Read 2 messages: 1 report, 1 bounce, 0 complaints; 1 address will not be mailed again, 0 not on the list.',
      );
      const fromMbox = await masthead.cli(['newsletter', 'bounces', '--mbox', path.join(dir, 'inbox.mbox')]);
      expect(fromMbox.code, fromMbox.stderr).toBe(0);
      expect(fromMbox.stdout).toContain(
        'Read 2 messages: 1 report, 0 bounces, 1 complaint; 1 address will not be mailed again, 0 not on the list.',
      );
      // Read again: nothing changes.
      expect((await masthead.cli(['newsletter', 'bounces', '--mbox', path.join(dir, 'inbox.mbox')])).stdout).toContain(
        '0 addresses will not be mailed again',
      );

      expect((await subscriber(readerAddress(1))).status).toBe('bounced');
      expect((await subscriber(readerAddress(2))).status).toBe('complained');
      expect(
        (await store.db.selectFrom('newsletter_deliveries').select('state').where('id', '=', bounced.id).executeTakeFirstOrThrow()).state,
      ).toBe('bounced');

      const notAMaildir = await masthead.cli(['newsletter', 'bounces', '--maildir', dir]);
      expect([notAMaildir.code, notAMaildir.stderr.trim()]).toEqual([1, `${dir} is not a Maildir (no new/ or cur/ folder).`]);
      expect((await masthead.cli(['newsletter', 'bounces'])).code).toBe(2);

      const before = sink.received.length;
      const issueId = await draftIssue(store.db, { subject: 'A second week' });
      expect((await masthead.cli(['newsletter', 'send'])).code).toBe(0);
      const rows = await deliveries(issueId);
      expect(rows.map((r) => r.email)).toEqual([readerAddress(3)]);
      expect(sink.received.slice(before).flatMap((m) => m.to)).toEqual([readerAddress(3)]);

      // The reader uses the List-Unsubscribe mailto link; the mailbox read ends that subscription.
      const mailto = /<mailto:news@parallax\.example\?subject=(unsubscribe%20[\w.-]+)>/.exec(
        headerOf(sink.received.at(-1)!, 'List-Unsubscribe') ?? '',
      )![1]!;
      await writeFile(
        path.join(dir, 'requests.mbox'),
        `From reader Fri Nov 27 12:00:00 2026\nFrom: <${readerAddress(3)}>\nTo: ${FROM}\nSubject: ${decodeURIComponent(mailto)}\n\n\nFrom x Fri Nov 27 12:01:00 2026\nSubject: unsubscribe d1.${'A'.repeat(43)}\n\nforged\n`,
      );
      const requests = await masthead.cli(['newsletter', 'bounces', '--mbox', path.join(dir, 'requests.mbox')]);
      expect(requests.code, requests.stderr).toBe(0);
      expect(requests.stdout).toContain(`unsubscribed by mail: ${readerAddress(3)} from Weekly round-up`);
      expect(requests.stdout.match(/unsubscribed by mail/g)).toHaveLength(1);
      const reader3 = await subscriber(readerAddress(3));
      expect(
        (await store.db.selectFrom('subscriptions').select('status').where('subscriber_id', '=', reader3.id).executeTakeFirstOrThrow())
          .status,
      ).toBe('unsubscribed');
      expect((await deliveries(issueId))[0]!.unsubscribed_at).not.toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes signed bounce reports at /newsletter/events, and refuses unsigned, stale or malformed ones without changing anything', async () => {
    await seedConfirmedSubscribers(store.db, 2, 'weekly', 600_000);
    const post = (body: string, options: { secret?: string; timestamp?: number } = {}) => {
      const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
      const signature = `sha256=${createHmac('sha256', options.secret ?? EVENTS_SECRET)
        .update(`${timestamp}.${body}`)
        .digest('hex')}`;
      return fetch(`${masthead.url}/newsletter/events`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-masthead-timestamp': timestamp, 'x-masthead-signature': signature },
      });
    };
    const body = JSON.stringify({
      events: [
        { type: 'complaint', email: readerAddress(600_000).toUpperCase() },
        { type: 'bounce', email: readerAddress(600_001), reason: '550 mailbox gone' },
      ],
    });

    const refusals = [
      [await post(body, { secret: 'x'.repeat(40) }), 401, 'BAD_SIGNATURE'],
      [await post(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }), 401, 'STALE'],
      [await post('{"events":[{"type":"bounce","email":"not an address"}]}'), 400, 'INVALID'],
      [await post('{"events":[{"type":"bounce","email":"a@b.example","extra":1}]}'), 400, 'INVALID'],
      [await post('{not json'), 400, 'INVALID'],
    ] as const;
    for (const [response, status, code] of refusals) {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect((await subscriber(readerAddress(600_000))).status).toBe('confirmed');
    expect((await subscriber(readerAddress(600_001))).status).toBe('confirmed');

    const accepted = await post(body);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ received: 2, changed: 2, unknown: 0 });
    expect((await subscriber(readerAddress(600_000))).status).toBe('complained');
    expect((await subscriber(readerAddress(600_001))).status).toBe('bounced');
  });

  it('signs every message with DKIM when a key is configured', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(masthead.dataDir, 'dkim.pem');
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await seedConfirmedSubscribers(store.db, 1, 'weekly', 500_000);
    await draftIssue(store.db, { subject: 'Signed week' });
    // Half a DKIM configuration is refused at start, by name.
    const half = await runCli(['newsletter', 'send'], { cwd: masthead.dataDir, env: { ...masthead.env, DKIM_DOMAIN: 'parallax.example' } });
    expect([half.code, half.stderr]).toEqual([
      1,
      expect.stringContaining('DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE go together'),
    ]);

    // The server and the CLI both sign: whichever claims the send job sends it.
    Object.assign(masthead.env, { DKIM_DOMAIN: 'parallax.example', DKIM_SELECTOR: 'mh2026', DKIM_PRIVATE_KEY_FILE: keyFile });
    await masthead.restart();
    const before = sink.received.length;
    const sent = await masthead.cli(['newsletter', 'send']);
    expect(sent.code, sent.stderr).toBe(0);
    const mail = sink.received.slice(before).find((m) => m.to.includes(readerAddress(500_000)))!;
    expect(headerOf(mail, 'DKIM-Signature')).toMatch(/d=parallax\.example;.*s=mh2026;/);
  });
});
