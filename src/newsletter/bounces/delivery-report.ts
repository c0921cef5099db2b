import { checkSubscriberAddress } from '../../content/subscriber-address.js';

// Reads what comes back to the sender address: delivery-status notifications (RFC 3464,
// "this address does not exist") and abuse reports (RFC 5965 ARF, "the reader pressed
// Spam"). Only the parts those RFCs define are read, so a reader's reply or an
// auto-responder is simply not understood, never mistaken for a bounce. A temporary
// failure (Status 4.x.x, Action: delayed) is not a bounce either: the server retries.

export interface MailEvent {
  type: 'bounce' | 'complaint';
  email: string;
  /** The Message-ID of the newsletter it answers, when the report quotes it. */
  messageId: string | null;
  reason: string;
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

const MAX_DEPTH = 5;

export function readDeliveryReport(raw: Buffer | string): MailEvent[] {
  const root = parsePart(typeof raw === 'string' ? raw : raw.toString('latin1'));
  const parts = flatten(root, 0);
  const original = parts.find((part) => ['text/rfc822-headers', 'message/rfc822', 'message/rfc822-headers'].includes(mediaType(part)));
  const originalHeaders = original ? parseHeaders(splitHead(original.body).head) : new Map<string, string>();
  const messageId = originalHeaders.get('message-id')?.trim() || null;
  const events: MailEvent[] = [];

  for (const part of parts) {
    const type = mediaType(part);
    if (type === 'message/delivery-status') {
      // The first group is about the message; each further group is one recipient.
      for (const group of fieldGroups(part.body).slice(1)) {
        const action = group.get('action')?.trim().toLowerCase();
        const status = group.get('status')?.trim() ?? '';
        if (action !== 'failed' || !status.startsWith('5.')) continue;
        const email = addressOf(group.get('final-recipient') ?? group.get('original-recipient'));
        if (!email) continue;
        const diagnostic = group
          .get('diagnostic-code')
          ?.replace(/^\s*smtp;\s*/i, '')
          .trim();
        events.push({ type: 'bounce', email, messageId, reason: (diagnostic || `status ${status}`).slice(0, 500) });
      }
    } else if (type === 'message/feedback-report') {
      const [fields] = fieldGroups(part.body);
      const email = addressOf(fields?.get('original-rcpt-to')) ?? addressOf(originalHeaders.get('to'));
      if (!email) continue;
      const feedback = fields?.get('feedback-type')?.trim().toLowerCase() || 'abuse';
      events.push({ type: 'complaint', email, messageId, reason: `feedback report: ${feedback}`.slice(0, 500) });
    }
  }
  return events;
}

function flatten(part: Part, depth: number): Part[] {
  const boundary = param(part.headers.get('content-type'), 'boundary');
  if (!mediaType(part).startsWith('multipart/') || !boundary || depth >= MAX_DEPTH) return [part];
  const children: Part[] = [];
  const delimiter = `--${boundary}`;
  let current: string[] | null = null;
  for (const line of part.body.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) children.push(parsePart(current.join('\n')));
      // The closing delimiter ends the multipart; an opening one starts the next part.
      current = trimmed === delimiter ? [] : null;
      if (current === null) break;
      continue;
    }
    current?.push(line);
  }
  return [part, ...children.flatMap((child) => flatten(child, depth + 1))];
}

function parsePart(text: string): Part {
  const { head, body } = splitHead(text);
  const headers = parseHeaders(head);
  const encoding = headers.get('content-transfer-encoding')?.trim().toLowerCase();
  const decoded =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('latin1')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return { headers, body: decoded };
}

function splitHead(text: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { head: text, body: '' };
  return { head: text.slice(0, match.index), body: text.slice(match.index + match[0].length) };
}

/** Header fields by lower-cased name (the first of repeated ones), folded lines joined. */
function parseHeaders(head: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

/** A delivery-status body: groups of fields separated by blank lines. */
function fieldGroups(body: string): Array<Map<string, string>> {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((block) => parseHeaders(block))
    .filter((group) => group.size > 0);
}

function mediaType(part: Part): string {
  return (part.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
}

function param(value: string | undefined, name: string): string | null {
  if (!value) return null;
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/** "rfc822; Reader@Example.org" or "Name <reader@example.org>" → a checked address. */
function addressOf(value: string | undefined): string | null {
  if (!value) return null;
  const bare = value.replace(/^\s*rfc822\s*;/i, '').trim();
  const angled = /<([^>]+)>/.exec(bare);
  const checked = checkSubscriberAddress(angled ? angled[1] : bare);
  return checked.ok ? checked.email : null;
}

function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The token of an unsubscribe request sent to the List-Unsubscribe mailto address
 * ("Subject: unsubscribe d42.<signature>"), or null for any other message.
 */
export function unsubscribeRequestToken(raw: Buffer | string): string | null {
  const { head } = splitHead(typeof raw === 'string' ? raw : raw.toString('latin1'));
  const subject = parseHeaders(head).get('subject') ?? '';
  return /\bunsubscribe\s+((?:d\d{1,15}|s\d{1,15}-\d{1,15})\.[A-Za-z0-9_-]{43})\b/i.exec(subject)?.[1] ?? null;
}
