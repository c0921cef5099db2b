import { randomBytes } from 'node:crypto';

// The MIME message of a newsletter, built once per issue and stamped per recipient.
// Composing every message through nodemailer's general MailComposer (quoted-printable
// encoding of a 25 KB HTML body in JavaScript) costs milliseconds per message, which
// caps a send far below 1,000 a second on a small machine. Here the headers that are
// the same for everyone are encoded once; per recipient only To, Date, Message-ID and
// the unsubscribe URL change, and the two bodies are base64-encoded natively.
// The result is plain RFC 5322 / RFC 2045-2047: multipart/alternative, text then HTML.

export interface BulkMessageParts {
  fromName: string;
  fromAddress: string;
  subject: string;
  html: string;
  text: string;
  /** List-Id (RFC 2919): e.g. { id: "weekly.example.org", name: "Weekly round-up" }. */
  list: { id: string; name: string };
  /** Where each recipient's unsubscribe URL goes in `html` and `text`. */
  marker: string;
}

export interface BulkRecipient {
  to: string;
  messageId: string;
  unsubscribeUrl: string;
  unsubscribeMailto: string;
}

export type BulkMessage = (recipient: BulkRecipient, date?: Date) => Buffer;

const CRLF = '\r\n';
const LINE_BREAK = /[\r\n]/;

/** RFC 2047 encoded words, split on character boundaries so none exceeds 75 characters. */
export function encodeWords(value: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join(`${CRLF} `);
}

const isPrintableAscii = (value: string) => /^[\x20-\x7e]*$/.test(value);

/** Unstructured text (Subject): as is when it is plain ASCII, else encoded words. */
function unstructured(value: string): string {
  return isPrintableAscii(value) && value.length <= 900 ? value : encodeWords(value);
}

/** A display name or list name: a quoted string, or encoded words. */
function phrase(value: string): string {
  return isPrintableAscii(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : encodeWords(value);
}

function base64Lines(content: string): string {
  const encoded = Buffer.from(content).toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < encoded.length; at += 76) lines.push(encoded.slice(at, at + 76));
  return lines.join(CRLF);
}

/** RFC 5322 date-time in UTC. */
export function mailDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function bulkMessage(parts: BulkMessageParts): BulkMessage {
  for (const value of [parts.fromName, parts.fromAddress, parts.subject, parts.list.id, parts.list.name]) {
    if (LINE_BREAK.test(value)) throw new Error('A mail header value contains a line break.');
  }
  const boundary = `=_masthead_${randomBytes(12).toString('hex')}`;
  const shared = [
    `From: ${parts.fromName ? `${phrase(parts.fromName)} ` : ''}<${parts.fromAddress}>`,
    `Subject: ${unstructured(parts.subject)}`,
    `List-Id: ${phrase(parts.list.name)} <${parts.list.id}>`,
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ].join(CRLF);
  const part = (type: string, body: string) =>
    `--${boundary}${CRLF}Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${base64Lines(body)}${CRLF}`;

  return (recipient, date = new Date()) => {
    for (const value of [recipient.to, recipient.messageId, recipient.unsubscribeUrl, recipient.unsubscribeMailto]) {
      if (LINE_BREAK.test(value) || /[<>\s,]/.test(value.replace(/^<|>$/g, '')))
        throw new Error('A per-recipient mail header value is not safe.');
    }
    const head = [
      `To: <${recipient.to}>`,
      shared,
      `Date: ${mailDate(date)}`,
      `Message-ID: ${recipient.messageId}`,
      `List-Unsubscribe: <${recipient.unsubscribeUrl}>, <${recipient.unsubscribeMailto}>`,
    ].join(CRLF);
    const text = parts.text.replaceAll(parts.marker, recipient.unsubscribeUrl);
    const html = parts.html.replaceAll(parts.marker, recipient.unsubscribeUrl);
    return Buffer.from(`${head}${CRLF}${CRLF}${part('text/plain', text)}${part('text/html', html)}--${boundary}--${CRLF}`);
  };
}
