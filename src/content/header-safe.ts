// Text that reaches a mail header (the publication's name in a subject or a From name, a
// newsletter's name, an issue's subject). A line break there either splits the header or
// makes the mail library refuse the message, and then no account mail goes out at all; so
// control characters are refused where the text is typed, with a message saying why.

const CONTROL = /[\u0000-\u001f\u007f]/;

export const HEADER_SAFE_MESSAGE = 'must be one line, without control characters';

export function isHeaderSafe(value: string): boolean {
  return !CONTROL.test(value);
}
