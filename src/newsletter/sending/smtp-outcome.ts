import { messageStarted } from '../../mail/mailer.js';
import { smtpErrorText } from '../../mail/smtp-error-text.js';

// What a failed SMTP hand-off means for one recipient. The reply code decides where
// there is one (RFC 5321 §4.2.1): 4xx is temporary, so the row is retried with backoff;
// 5xx is permanent, so the address is marked bounced. Without a reply the question is
// whether the message could have left, and only the phase tells: nodemailer hands the
// message over after the server's 354 reply to DATA, and the mailer reports whether it
// had begun to (`messageStarted`). A connection that failed before that (no greeting, a
// timeout, a drop at EHLO, MAIL FROM, RCPT TO or DATA) sent nothing, so the row is
// retried; one that failed once the message was on its way might have delivered it, so
// the row is uncertain and is not sent again by default.

export type SmtpOutcome = 'retry' | 'bounce' | 'uncertain';

export { smtpErrorText };

interface SmtpError {
  code?: unknown;
  errno?: unknown;
  responseCode?: unknown;
  command?: unknown;
  timeoutType?: unknown;
}

const NOTHING_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EDNS', 'EAUTH', 'ENOAUTH', 'ETLS', 'EHOSTUNREACH', 'ENETUNREACH']);
/** nodemailer's timeouts that can only run out before a message is sent. */
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);

export function classifySmtpFailure(error: unknown): SmtpOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') return 'retry';
  const reply = typeof e.responseCode === 'number' ? e.responseCode : null;
  if (reply !== null && reply >= 400 && reply < 500) return 'retry';
  if (reply !== null && reply >= 500 && reply < 600) return 'bounce';
  const started = messageStarted(error);
  if (started !== undefined) return started ? 'uncertain' : 'retry';
  // An error the mailer did not mark: only what cannot have happened mid-message is retried.
  if (typeof e.timeoutType === 'string' && SETUP_TIMEOUTS.has(e.timeoutType)) return 'retry';
  const codes = [e.code, e.errno, (error as { cause?: SmtpError } | null)?.cause?.code];
  if (codes.some((code) => typeof code === 'string' && NOTHING_SENT.has(code))) return 'retry';
  return 'uncertain';
}
