import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMailFailures } from '../../src/store/mail/mail-failure-repository.js';
import { addStaffRow, startNewsroomSite, type NewsroomSite } from '../helpers/in-process-newsroom.js';
import { waitUntil } from '../helpers/wait-until.js';

// Issue 12, item 6: the reset request answered a known address only once the mail server
// had taken the link, so the answer's delay told whether an account exists (and a stalled
// mail server stalled the page). The answer now goes first and the mail after it. Proved
// here without a clock: a real SMTP server that holds every message at DATA (it never
// says 250 until told to) must not hold the answer, and the mail must still arrive.

/** smtp-server that takes each message but keeps its final reply until `resume()`. */
async function startStallingSink() {
  const delivered: Array<{ to: string[]; text: string }> = [];
  const waiting: Array<() => void> = [];
  let stalled = true;
  let heldCount = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase().startsWith('bounces')) {
        return callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const answer = () =>
          void simpleParser(Buffer.concat(chunks)).then((parsed) => {
            delivered.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), text: parsed.text ?? '' });
            callback();
          }, callback);
        heldCount += 1;
        if (stalled) waiting.push(answer);
        else answer();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    delivered,
    /** Messages whose whole body arrived, answered or still held. */
    held: () => heldCount,
    resume() {
      stalled = false;
      for (const answer of waiting.splice(0)) answer();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Sink = Awaited<ReturnType<typeof startStallingSink>>;

/** The page without what differs on every request anyway (the CSP nonce, the form token). */
const comparable = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"');

describe('password reset requests', () => {
  let sink: Sink;
  let site: NewsroomSite;

  beforeAll(async () => {
    sink = await startStallingSink();
    site = await startNewsroomSite({ engine: 'sqlite', smtpUrl: sink.url });
    await addStaffRow(site.store, { email: 'known@example.org', name: 'Known', role: 'editor', password: 'a long enough passphrase' });
    await addStaffRow(site.store, { email: 'bounces@example.org', name: 'Bounces', role: 'editor', password: 'a long enough passphrase' });
  });
  afterAll(async () => {
    sink?.resume();
    await site?.close();
    await sink?.close();
  });

  const requestReset = (email: string) =>
    site.app.inject({
      method: 'POST',
      url: '/admin/reset',
      headers: { origin: 'http://127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email }).toString(),
    });

  it('answers a known address before its mail is sent, with the page an unknown address gets, and sends it after', async () => {
    const unknown = await requestReset('nobody@example.org');

    const answer = requestReset('known@example.org');
    // Whichever comes first: the answer, or the mail server holding the link. Before the
    // fix the answer waited for the mail server's 250, which the stalled sink never gives.
    const first = await Promise.race([
      answer.then(() => 'the answer'),
      waitUntil(async () => sink.held() > 0, 30_000, 'the mail to reach DATA').then(() => 'the held mail'),
    ]);
    expect(first).toBe('the answer');
    const known = await answer;
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(comparable(known.body)).toBe(comparable(unknown.body));
    expect(sink.delivered).toHaveLength(0);

    // The mail goes once the answer is out; the stalled server holds it, then takes it.
    await waitUntil(async () => sink.held() === 1, 30_000, 'the reset mail to reach the mail server');
    sink.resume();
    await waitUntil(async () => sink.delivered.length === 1, 30_000, 'the reset mail to be delivered');
    const [mail] = sink.delivered;
    expect(mail!.to).toEqual(['known@example.org']);
    const token = /\/admin\/reset\?token=([A-Za-z0-9_-]+)/.exec(mail!.text)?.[1];
    expect(token, 'the mail carries a reset link').toBeTruthy();
    expect((await site.app.inject({ url: `/admin/reset?token=${token}` })).statusCode).toBe(200);
    // Nothing was mailed for the unknown address.
    expect(sink.delivered.flatMap((m) => m.to)).not.toContain('nobody@example.org');
  });

  it('records a mail the server refused instead of losing it, and answers as for any address', async () => {
    const refused = await requestReset('bounces@example.org');
    expect(refused.statusCode).toBe(200);
    expect(comparable(refused.body)).toBe(comparable((await requestReset('nobody-else@example.org')).body));
    await waitUntil(
      async () => (await listMailFailures(site.store.db)).some((f) => f.kind === 'password-reset'),
      30_000,
      'the failed reset mail to be recorded',
    );
    const [failure] = await listMailFailures(site.store.db);
    expect(failure).toMatchObject({ kind: 'password-reset', recipient: 'b…@example.org' });
    expect(failure!.error).toMatch(/550/);
  });
});
