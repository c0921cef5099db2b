import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

// A real SMTP server for tests (smtp-server), parsing each message with mailparser. Mail
// tests run the built Masthead with SMTP_URL pointing here, so the whole path is real:
// nodemailer's pool, the SMTP dialogue, MIME on the wire.

export interface ReceivedMail {
  /** RCPT TO addresses of the envelope. */
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Messages whose envelope included this address. */
  to(address: string): ReceivedMail[];
  /** Resolves once `count` messages in all have arrived (or rejects after `timeoutMs`). */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the first message to `address` (waiting for it if needed). */
  waitFor(address: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Reply to RCPT TO: return e.g. 550 to refuse a recipient, 451 to defer; undefined to accept. */
  rcptReply?: (address: string) => number | undefined;
  /** Parse with mailparser (default true); a load test keeps only the raw bytes. */
  parse?: boolean;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const code = options.rcptReply?.(address.address.toLowerCase());
      if (code === undefined) return callback();
      const error = Object.assign(new Error(code >= 500 ? 'No such mailbox here' : 'Try again later'), { responseCode: code });
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const store = (parsed: ParsedMail) => {
          received.push({ to, raw, parsed });
          const ready = waiters;
          waiters = [];
          for (const wake of ready) wake();
          callback();
        };
        if (options.parse === false) store({} as ParsedMail);
        else simpleParser(raw).then(store, (error: Error) => callback(error));
      });
    },
  });
  // A sender killed mid-dialogue resets its connections; that is the point of some tests.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') console.error(`SMTP sink: ${error.message}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;

  const waitUntil = (ready: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (ready()) return resolve();
      const timer = setTimeout(
        () => reject(new Error(`SMTP sink: timed out waiting for ${what} (${received.length} received)`)),
        timeoutMs,
      );
      const check = () => {
        if (ready()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      waiters.push(check);
    });
  const to = (address: string) => received.filter((mail) => mail.to.includes(address.toLowerCase()));

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    to,
    waitForCount: (count, timeoutMs = 15_000) => waitUntil(() => received.length >= count, timeoutMs, `${count} messages`),
    async waitFor(address, timeoutMs = 15_000) {
      await waitUntil(() => to(address).length > 0, timeoutMs, `a message to ${address}`);
      return to(address)[0]!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A header field exactly as it arrived (unfolded, not decoded), or undefined. */
export function headerOf(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.raw
    .toString('utf8')
    .split(/\r?\n\r?\n/)[0]!
    .replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'mi').exec(head)?.[1]?.trim();
}
