// What a failed SMTP hand-off means for one recipient. The reply code decides where
// there is one (RFC 5321 §4.2.1): 4xx is temporary, so the row is retried with backoff;
// 5xx is permanent, so the address is marked bounced. Without a reply the question is
// whether the message could have left: a refused or unauthenticated connection sent
// nothing, so it is retried; a connection lost mid-dialogue might have delivered it, so
// the row is uncertain and is not sent again by default.

export type SmtpOutcome = 'retry' | 'bounce' | 'uncertain';

interface SmtpError {
  code?: unknown;
  errno?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

const NOTHING_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EDNS', 'EAUTH', 'ENOAUTH', 'ETLS', 'EHOSTUNREACH', 'ENETUNREACH']);

export function classifySmtpFailure(error: unknown): SmtpOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') return 'retry';
  const reply = typeof e.responseCode === 'number' ? e.responseCode : null;
  if (reply !== null && reply >= 400 && reply < 500) return 'retry';
  if (reply !== null && reply >= 500 && reply < 600) return 'bounce';
  const codes = [e.code, e.errno, (error as { cause?: SmtpError } | null)?.cause?.code];
  if (codes.some((code) => typeof code === 'string' && NOTHING_SENT.has(code))) return 'retry';
  return 'uncertain';
}

export function smtpErrorText(error: unknown): string {
  const e = error as { message?: unknown; response?: unknown } | null;
  const text = typeof e?.response === 'string' && e.response ? e.response : typeof e?.message === 'string' ? e.message : String(error);
  return text.replace(/[\r\n]+/g, ' ').slice(0, 500);
}
