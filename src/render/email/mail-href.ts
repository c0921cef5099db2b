// Every link in a mail is absolute http(s). Anything else (a relative path, `javascript:`,
// `data:`, a control character a client might strip) is dropped rather than emitted: the
// values come from our own site URL and settings, and this is the last check before an
// inbox.

const CONTROL = /[\u0000-\u001F\u007F-\u009F\s]/;

export function mailHref(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string' || raw === '' || CONTROL.test(raw)) return null;
  if (!/^https?:\/\//i.test(raw) || !URL.canParse(raw)) return null;
  return raw;
}
