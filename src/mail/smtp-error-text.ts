// An SMTP failure as one line of text for a person: the server's reply when there is one
// (it says why, in the server's words), else the error's message. Line breaks are folded
// so the text can sit in a table cell or a log line.

export function smtpErrorText(error: unknown): string {
  const e = error as { message?: unknown; response?: unknown } | null;
  const text = typeof e?.response === 'string' && e.response ? e.response : typeof e?.message === 'string' ? e.message : String(error);
  return text.replace(/[\r\n]+/g, ' ').slice(0, 500);
}
