import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter, TransportOptions } from 'nodemailer';
import type { Config } from '../config/config.js';

// The one way mail leaves Masthead. With SMTP_URL set, an SMTP pool; without it, each
// message is written as an .eml file into the outbox folder (SPEC §2), where a person
// can open it. Never sendmail (SECURITY.md, "email headers").

/** What an account or staff mail is for: the newsroom's "Mail problems" list names it (mail-failures.ts). */
export type MailKind =
  'password-reset' | 'staff-setup' | 'subscriber-confirmation' | 'subscriber-data-link' | 'newsletter-test' | 'account';

export interface MailMessage {
  /** Recorded with a failure; a message without one is listed as account mail. */
  kind?: MailKind;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface DkimKey {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface MailerOptions {
  smtpUrl: string | null;
  from: string;
  outboxDir: string;
  /** Signs every message when set (DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY_FILE). */
  dkim?: DkimKey | null;
  /** SMTP connections the pool keeps open (default 5). */
  connections?: number;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
  /**
   * A message already in MIME form (a newsletter's, see bulk-mime.ts), to one recipient.
   * A failure carries `messageStarted` (see below). `kind` is given only where a failure
   * is the newsroom's to see (the newsletter test); a send's deliveries record their own.
   */
  sendRaw(to: string, raw: Buffer, options?: { kind?: MailKind }): Promise<void>;
  close(): void;
}

const HEADER_BREAK = /[\r\n]/;

function assertSafeHeaders(message: MailMessage): void {
  const values = [message.to, message.subject, ...Object.entries(message.headers ?? {}).flat()];
  if (values.some((value) => HEADER_BREAK.test(value))) throw new Error('A mail header value contains a line break.');
}

/**
 * Whether any byte of the message itself went to the server before `error` (set on every
 * error `sendRaw` throws). Only then can the server have taken it: nodemailer hands the
 * message over after the server's 354 reply to DATA, so false means the connection failed
 * at the greeting, EHLO, MAIL FROM, RCPT TO or DATA, and nothing was delivered. Undefined
 * for an error from elsewhere.
 */
export function messageStarted(error: unknown): boolean | undefined {
  const value = (error as { messageStarted?: unknown } | null)?.messageStarted;
  return typeof value === 'boolean' ? value : undefined;
}

/** Carried through sendMail's options to the 'stream' step below; nodemailer ignores it. */
interface HandOverProbe {
  streams: NodeJS.ReadableStream[];
}

interface PluginMail {
  data: { handOver?: HandOverProbe };
  message: { createReadStream(...args: unknown[]): NodeJS.ReadableStream };
}

/**
 * Keeps the stream each send reads the message from. The SMTP connection starts reading it
 * only once the server has answered DATA with 354 (nodemailer's own pool asks the same
 * stream `readableDidRead` before it re-sends a message), so afterwards it tells whether
 * the message was handed over.
 */
function watchHandOver(transport: Transporter): Transporter {
  transport.use('stream', (mail: unknown, done: (error?: Error | null) => void) => {
    const { data, message } = mail as PluginMail;
    const probe = data.handOver;
    if (probe) {
      const create = message.createReadStream.bind(message);
      message.createReadStream = (...args: unknown[]) => {
        const stream = create(...args);
        probe.streams.push(stream);
        return stream;
      };
    }
    done();
  });
  return transport;
}

const wasRead = (stream: NodeJS.ReadableStream) => (stream as { readableDidRead?: boolean }).readableDidRead === true;

export function createMailer(options: MailerOptions): Mailer {
  const dkim = options.dkim ?? undefined;
  // nodemailer is loaded with the first message, not at start: most processes serve pages
  // for hours before they send anything, and some never do.
  const load = () => import('nodemailer').then(({ default: nodemailer }) => nodemailer);
  // Two SMTP pools. Account mail (resets, confirmations) keeps nodemailer's re-queue: a
  // message on a connection the server closed is sent again, which for one person's link
  // is the right trade. Newsletter messages (sendRaw) never are (`maxRequeues: 0`): a
  // server that took the message and dropped the connection before its 250 would get a
  // second copy while the delivery row says "sent" once; the sender decides instead
  // (newsletter/sending/smtp-outcome.ts). A pooled connection carries many messages
  // (nodemailer's default is 100 before it reconnects); a send keeps every one busy.
  let accountTransport: Promise<Transporter> | null = null;
  let bulkTransport: Promise<Transporter> | null = null;
  const outboxTransport = (nodemailer: Awaited<ReturnType<typeof load>>) =>
    nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', dkim } as TransportOptions);
  const accountNow = () =>
    (accountTransport ??= load().then((nodemailer) =>
      options.smtpUrl
        ? nodemailer.createTransport({ url: options.smtpUrl, pool: true, maxConnections: 2, dkim } as TransportOptions)
        : outboxTransport(nodemailer),
    ));
  const bulkNow = () =>
    (bulkTransport ??= load().then((nodemailer) =>
      options.smtpUrl
        ? watchHandOver(
            nodemailer.createTransport({
              url: options.smtpUrl,
              pool: true,
              maxConnections: options.connections ?? 5,
              maxMessages: 10_000,
              maxRequeues: 0,
              dkim,
            } as TransportOptions),
          )
        : outboxTransport(nodemailer),
    ));
  const keep = async (info: unknown) => {
    if (options.smtpUrl) return;
    await mkdir(options.outboxDir, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
    await writeFile(path.join(options.outboxDir, name), (info as { message: Buffer }).message, { mode: 0o600 });
  };
  return {
    async send(message) {
      assertSafeHeaders(message);
      const { kind: _kind, ...mail } = message;
      const info = await (await accountNow()).sendMail({ ...mail, from: options.from });
      await keep(info);
      return { messageId: info.messageId };
    },
    async sendRaw(to, raw) {
      if (HEADER_BREAK.test(to)) throw Object.assign(new Error('A mail header value contains a line break.'), { messageStarted: false });
      const transport = await bulkNow();
      const handOver: HandOverProbe = { streams: [] };
      let info: unknown;
      try {
        info = await transport.sendMail({ envelope: { from: options.from, to: [to] }, raw, handOver } as Parameters<
          Transporter['sendMail']
        >[0]);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        throw Object.assign(failure, { messageStarted: handOver.streams.some(wasRead) });
      }
      await keep(info);
    },
    // Nothing to close when nothing was sent.
    close: () => {
      void accountTransport?.then((open) => open.close());
      void bulkTransport?.then((open) => open.close());
    },
  };
}

/** Where mail is written as .eml files when SMTP_URL is unset (SPEC §2). */
export const outboxDirOf = (config: Config): string => path.join(config.dataDir, 'outbox');

/** The mailer the configuration asks for: SMTP when SMTP_URL is set, else the outbox folder. */
export function mailerFor(config: Config): Mailer {
  return createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: outboxDirOf(config), dkim: config.dkim });
}
