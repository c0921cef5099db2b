import { insertMailFailure } from '../store/mail/mail-failure-repository.js';
import type { Db } from '../store/store.js';
import type { Mailer, MailKind } from './mailer.js';
import { smtpErrorText } from './smtp-error-text.js';

// Account and staff mail that could not be sent is recorded for the newsroom's "Mail
// problems" list (owner and admins, content/policy.ts), not only logged: a reset link
// that never leaves is otherwise invisible to the one person who can fix the mail server.
// Newsletter deliveries are not recorded here; each delivery row keeps its own outcome.

export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  'password-reset': 'Password reset',
  'staff-setup': 'Staff set-up',
  'subscriber-confirmation': 'Subscriber confirmation',
  'subscriber-data-link': 'Subscriber data link',
  'newsletter-test': 'Newsletter test',
  account: 'Account mail',
};

/**
 * Enough of an address to tell whose mail it was, not enough to harvest it:
 * "ana.lopez@example.org" → "a…@example.org". A value without "@" keeps only its first character.
 */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const local = at > 0 ? address.slice(0, at) : address;
  const first = Array.from(local)[0] ?? '';
  return at > 0 ? `${first}…${address.slice(at)}` : `${first}…`;
}

interface FailureLog {
  error(details: unknown, message: string): void;
}

export interface MailFailure {
  kind: MailKind;
  to: string;
  error: unknown;
  at?: Date;
}

/**
 * Records one failed mail (masked recipient, the server's reply on one line). Never throws:
 * a database that cannot take the row is logged, and the caller's own handling goes on.
 * Call it where a mail was sent outside `withFailureLog` (password resets sent after the answer do not need to).
 */
export async function recordMailFailure(db: Db, failure: MailFailure, log?: FailureLog): Promise<void> {
  try {
    await insertMailFailure(db, {
      at: (failure.at ?? new Date()).toISOString(),
      kind: failure.kind,
      recipient: maskAddress(failure.to),
      error: smtpErrorText(failure.error),
    });
  } catch (error) {
    log?.error({ err: error }, 'a mail failure could not be recorded');
  }
}

/**
 * The mailer the newsroom and the reader routes use: every `send` that fails (account mail)
 * and every `sendRaw` given a kind (the newsletter test) is recorded, then the error is
 * thrown on as before. Newsletter sends (sendRaw without a kind) pass straight through.
 */
export function withFailureLog(mailer: Mailer, db: Db, log?: FailureLog): Mailer {
  return {
    async send(message) {
      try {
        return await mailer.send(message);
      } catch (error) {
        await recordMailFailure(db, { kind: message.kind ?? 'account', to: message.to, error }, log);
        throw error;
      }
    },
    async sendRaw(to, raw, options) {
      try {
        await mailer.sendRaw(to, raw, options);
      } catch (error) {
        if (options?.kind) await recordMailFailure(db, { kind: options.kind, to, error }, log);
        throw error;
      }
    },
    close: () => mailer.close(),
  };
}
