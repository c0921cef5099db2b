import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type TransportOptions } from 'nodemailer';

// The one way mail leaves Masthead. With SMTP_URL set, an SMTP pool; without it, each
// message is written as an .eml file into the outbox folder (SPEC §2), where a person
// can open it. Never sendmail (SECURITY.md, "email headers").

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Shown beside the sender address, e.g. the publication's name. */
  fromName?: string;
  /** Chosen by the caller (a newsletter records it per recipient); made up by nodemailer otherwise. */
  messageId?: string;
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
  close(): void;
}

const HEADER_BREAK = /[\r\n]/;

function assertSafeHeaders(message: MailMessage): void {
  const values = [message.to, message.subject, message.fromName ?? '', message.messageId ?? '', ...Object.entries(message.headers ?? {}).flat()];
  if (values.some((value) => HEADER_BREAK.test(value))) throw new Error('A mail header value contains a line break.');
}

export function createMailer(options: MailerOptions): Mailer {
  const dkim = options.dkim ?? undefined;
  // A pooled connection carries many messages (nodemailer's default is 100 before it
  // reconnects); a newsletter send keeps every connection busy.
  const transport = options.smtpUrl
    ? nodemailer.createTransport({ url: options.smtpUrl, pool: true, maxConnections: options.connections ?? 5, maxMessages: 10_000, dkim } as TransportOptions)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', dkim } as TransportOptions);
  return {
    async send(message) {
      assertSafeHeaders(message);
      const { fromName, ...rest } = message;
      const from = fromName ? { name: fromName, address: options.from } : options.from;
      const info = await transport.sendMail({ ...rest, from });
      if (!options.smtpUrl) {
        await mkdir(options.outboxDir, { recursive: true });
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
        await writeFile(path.join(options.outboxDir, name), (info as unknown as { message: Buffer }).message, { mode: 0o600 });
      }
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
