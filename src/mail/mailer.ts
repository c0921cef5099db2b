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
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

const HEADER_BREAK = /[\r\n]/;

function assertSafeHeaders(message: MailMessage): void {
  const values = [message.to, message.subject, ...Object.entries(message.headers ?? {}).flat()];
  if (values.some((value) => HEADER_BREAK.test(value))) throw new Error('A mail header value contains a line break.');
}

export function createMailer(options: { smtpUrl: string | null; from: string; outboxDir: string }): Mailer {
  const transport = options.smtpUrl
    ? nodemailer.createTransport({ url: options.smtpUrl, pool: true } as TransportOptions)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      assertSafeHeaders(message);
      const info = await transport.sendMail({ from: options.from, ...message });
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
