import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/mail/mailer.js';
import { sendIssue } from '../../src/newsletter/sending/issue-sender.js';
import { insertIssue } from '../../src/store/newsletter/newsletter-repository.js';
import { openStore, type Store } from '../../src/store/store.js';
import { startDroppingSmtp, type DropPhase } from '../helpers/dropping-smtp.js';
import { seedConfirmedSubscribers, readerAddress } from '../helpers/newsletter.js';

// Issue 12 §12 and §18: an SMTP server that hangs up at each phase of the dialogue, over
// real TCP (test/helpers/dropping-smtp.ts), once, then serves normally. Before the
// message was handed over (no greeting, a drop at EHLO, MAIL FROM, RCPT TO or DATA)
// nothing was delivered, so the recipient is retried and gets exactly one copy; once the
// message went out (the server has it, and hung up before its 250) the row is uncertain,
// is not sent again, and nodemailer's pool does not re-send it by itself either.

const FROM = 'news@parallax.example';
const SITE = 'http://127.0.0.1';
const SECRET = 'k'.repeat(64);
const TUNING = { lanes: 1, batchSize: 5, maxAttempts: 3, retryBackoff: { baseMs: 20, maxMs: 40 } };

describe('a newsletter send through an SMTP server that hangs up', () => {
  let dir: string;
  let store: Store;
  let nth = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-smtp-phases-'));
    store = await openStore({ engine: 'sqlite', file: path.join(dir, 'masthead.db') });
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A list of one confirmed reader and a scheduled issue for it; the reader's address. */
  async function oneReaderIssue(): Promise<{ issueId: number; to: string }> {
    nth += 1;
    const now = new Date().toISOString();
    const list = await store.db
      .insertInto('newsletters')
      .values({ slug: `phase-${nth}`, name: `Phase ${nth}`, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await seedConfirmedSubscribers(store.db, 1, `phase-${nth}`, 500_000 + nth);
    const issueId = await insertIssue(store.db, {
      newsletterId: list.id,
      subject: `Issue ${nth}`,
      intro: '',
      period: null,
      articleIds: [],
      staffId: null,
      now,
    });
    // Scheduled in the database's terms: the sender renders through `render` below, so the issue needs no stories.
    await store.db.updateTable('newsletter_issues').set({ status: 'scheduled', send_at: now }).where('id', '=', issueId).execute();
    return { issueId, to: readerAddress(500_000 + nth) };
  }

  async function sendThrough(phase: DropPhase) {
    const server = await startDroppingSmtp(phase, { drops: 1 });
    const mailer = createMailer({ smtpUrl: server.url, from: FROM, outboxDir: path.join(dir, 'outbox'), connections: 1 });
    try {
      const { issueId, to } = await oneReaderIssue();
      const result = await sendIssue(
        {
          db: store.db,
          mailer,
          siteUrl: SITE,
          secretKey: SECRET,
          mailFrom: FROM,
          render: async () => ({ subject: 'Hello', html: '<p>Hello</p>', text: 'Hello' }),
          tuning: TUNING,
        },
        issueId,
        { stop: [] },
      );
      // Long enough for a message nodemailer re-queued on its own to arrive (its first re-queue waits 50 ms).
      await new Promise((resolve) => setTimeout(resolve, 250));
      const rows = await store.db.selectFrom('newsletter_deliveries').selectAll().where('issue_id', '=', issueId).execute();
      return { result, rows, server, to };
    } finally {
      mailer.close();
      await server.close();
    }
  }

  it.each(['greeting', 'ehlo', 'mail', 'rcpt', 'data'] as const)(
    'retries a recipient whose connection was lost at the %s, before the message was handed over, and sends one copy',
    async (phase) => {
      const { result, rows, server, to } = await sendThrough(phase);
      expect(server.dropped).toBe(1);
      expect(result.state).toBe('sent');
      expect(rows.map((r) => [r.email, r.state, r.attempts])).toEqual([[to, 'sent', 2]]);
      expect(server.messages.map((m) => m.to)).toEqual([[to]]);
    },
  );

  it('marks the recipient uncertain when the server hung up after the whole message, before its 250, and never sends it again', async () => {
    const { result, rows, server, to } = await sendThrough('body');
    expect(server.dropped).toBe(1);
    expect(result.state).toBe('sent');
    expect(rows.map((r) => [r.email, r.state, r.attempts])).toEqual([[to, 'uncertain', 1]]);
    expect(rows[0]!.error).toMatch(/^the connection failed mid-message: /);
    // The server holds one copy, and only one: neither the sender nor the pool sent it twice.
    expect(server.messages.map((m) => m.to)).toEqual([[to]]);
  });

  it('marks a later message on a reused connection uncertain too, and retries one whose RCPT TO was cut off', async () => {
    // The first message passes, the connection stays open in the pool, and the second is cut at the phase.
    for (const [phase, state, attempts] of [
      ['body', 'uncertain', 1],
      ['rcpt', 'sent', 2],
    ] as const) {
      const server = await startDroppingSmtp(phase, { drops: 1, after: 1 });
      const mailer = createMailer({ smtpUrl: server.url, from: FROM, outboxDir: path.join(dir, 'outbox'), connections: 1 });
      try {
        const first = await oneReaderIssue();
        const second = await oneReaderIssue();
        const deps = {
          db: store.db,
          mailer,
          siteUrl: SITE,
          secretKey: SECRET,
          mailFrom: FROM,
          render: async () => ({ subject: 'Hello', html: '<p>Hello</p>', text: 'Hello' }),
          tuning: TUNING,
        };
        await sendIssue(deps, first.issueId, { stop: [] });
        await sendIssue(deps, second.issueId, { stop: [] });
        await new Promise((resolve) => setTimeout(resolve, 250));
        const row = await store.db
          .selectFrom('newsletter_deliveries')
          .selectAll()
          .where('issue_id', '=', second.issueId)
          .executeTakeFirstOrThrow();
        expect([phase, row.state, row.attempts]).toEqual([phase, state, attempts]);
        expect(server.messages.filter((m) => m.to.includes(second.to))).toHaveLength(1);
      } finally {
        mailer.close();
        await server.close();
      }
    }
  });
});
