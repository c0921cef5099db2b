import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter, TransportOptions } from 'nodemailer';
import type { Config } from '../config/config.js';

// The one way mail leaves Masthead. With SMTP_URL set, an SMTP pool; without it, each
// message is written as an .eml file into the outbox folder (SPEC §2), where a person
// can open it. Never sendmail (SECURITY.md, "email headers").

export interface MailMessage {
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
  /** A message already in MIME form (a newsletter's, see bulk-mime.ts), to one recipient. */
  sendRaw(to: string, raw: Buffer): Promise<void>;
  close(): void;
}

const HEADER_BREAK = /[\r\n]/;

function assertSafeHeaders(message: MailMessage): void {
  const values = [message.to, message.subject, ...Object.entries(message.headers ?? {}).flat()];
  if (values.some((value) => HEADER_BREAK.test(value))) throw new Error('A mail header value contains a line break.');
}

export function createMailer(options: MailerOptions): Mailer {
  const dkim = options.dkim ?? undefined;
  // nodemailer is loaded with the first message, not at start: most processes serve pages
  // for hours before they send anything, and some never do.
  let transport: Promise<Transporter> | null = null;
  const transportNow = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      // A pooled connection carries many messages (nodemailer's default is 100 before it
      // reconnects); a newsletter send keeps every connection busy.
      options.smtpUrl
        ? nodemailer.createTransport({
            url: options.smtpUrl,
            pool: true,
            maxConnections: options.connections ?? 5,
            maxMessages: 10_000,
            dkim,
          } as TransportOptions)
        : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', dkim } as TransportOptions),
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
      const info = await (await transportNow()).sendMail({ ...message, from: options.from });
      await keep(info);
      return { messageId: info.messageId };
    },
    async sendRaw(to, raw) {
      if (HEADER_BREAK.test(to)) throw new Error('A mail header value contains a line break.');
      await keep(await (await transportNow()).sendMail({ envelope: { from: options.from, to: [to] }, raw }));
    },
    // Nothing to close when nothing was sent.
    close: () => void transport?.then((open) => open.close()),
  };
}

/** Where mail is written as .eml files when SMTP_URL is unset (SPEC §2). */
export const outboxDirOf = (config: Config): string => path.join(config.dataDir, 'outbox');

/** The mailer the configuration asks for: SMTP when SMTP_URL is set, else the outbox folder. */
export function mailerFor(config: Config): Mailer {
  return createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: outboxDirOf(config), dkim: config.dkim });
}
