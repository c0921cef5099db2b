import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressObject, ParsedMail } from 'mailparser';

// Reading back the outbox folder the mailer writes when SMTP_URL is unset (SPEC §2).
// A newsletter sent to thousands leaves thousands of files, so a listing reads only the
// folder's names, sorts them (the names start with the time they were written, so name
// order is time order) and opens just the page's files, and of each only its header.

/** The MIME parser, loaded when the outbox is first read: only the newsroom's outbox screen needs it. */
const mailparser = () => import('mailparser');

/** The names the mailer gives (`<ISO time with dashes>-<8 hex>.eml`); nothing else is ever opened. */
export const OUTBOX_FILE = /^[0-9TZ-]+-[0-9a-f]{8}\.eml$/;

/** Enough for any header block we write (DKIM signature and List-* headers included). */
const HEAD_BYTES = 64 * 1024;

export interface OutboxRow {
  file: string;
  /** When the mailer wrote it (from the name), else the Date header; ISO UTC. */
  at: string | null;
  to: string;
  subject: string;
}

export interface OutboxPage {
  rows: OutboxRow[];
  total: number;
}

export interface OutboxMessage {
  file: string;
  at: string | null;
  from: string;
  to: string;
  subject: string;
  date: string | null;
  messageId: string;
  listUnsubscribe: string;
  text: string;
  html: string | null;
}

/** `2026-11-27T04-30-24-123Z-…` → `2026-11-27T04:30:24.123Z`, or null for any other shape. */
export function writtenAt(file: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-/.exec(file);
  if (!m) return null;
  const iso = `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

async function outboxNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => OUTBOX_FILE.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).map((a) => a.text).join(', ');

/** A header as written, unfolded (mailparser turns List-* headers into objects). */
function rawHeader(parsed: ParsedMail, key: string): string {
  const line = parsed.headerLines.find((h) => h.key === key)?.line ?? '';
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/** The header block of a file: read from its start up to the first empty line. */
async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    const end = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') : head.indexOf('\n\n');
    return end >= 0 ? head.subarray(0, end) : head;
  } finally {
    await handle.close();
  }
}

/** Gone since the folder was read (nothing in Masthead deletes them, a person may). */
const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** The page's rows, newest first, and how many messages the outbox holds. */
export async function listOutbox(dir: string, { page, perPage }: { page: number; perPage: number }): Promise<OutboxPage> {
  const names = (await outboxNames(dir)).sort().reverse();
  const slice = names.slice((page - 1) * perPage, page * perPage);
  const rows = await Promise.all(
    slice.map(async (file): Promise<OutboxRow | null> => {
      let head: Buffer;
      try {
        head = await readHead(path.join(dir, file));
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
      const parsed = await (await mailparser()).simpleParser(Buffer.concat([head, Buffer.from('\r\n\r\n')]));
      return { file, at: writtenAt(file) ?? parsed.date?.toISOString() ?? null, to: addresses(parsed.to), subject: parsed.subject ?? '' };
    }),
  );
  return { rows: rows.filter((row): row is OutboxRow => row !== null), total: names.length };
}

/** One message, or null when the name is not an outbox name or no such file exists. */
export async function readOutboxMessage(dir: string, file: string): Promise<OutboxMessage | null> {
  // The name comes from a URL: it is checked against the one shape the mailer writes
  // before it is joined to the folder, so no "..", slash or absolute path gets through.
  if (!OUTBOX_FILE.test(file)) return null;
  let raw: Buffer;
  try {
    raw = await readFile(path.join(dir, file));
  } catch (error) {
    if (missing(error)) return null;
    throw error;
  }
  const parsed = await (await mailparser()).simpleParser(raw);
  return {
    file,
    at: writtenAt(file),
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    subject: parsed.subject ?? '',
    date: parsed.date?.toISOString() ?? null,
    messageId: parsed.messageId ?? '',
    listUnsubscribe: rawHeader(parsed, 'list-unsubscribe'),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
  };
}
