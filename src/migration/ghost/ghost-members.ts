import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { SourceFormatError, type NotImported, type SourceEvent, type SourceSubscriber } from '../source-model.js';
import { ghostInstant } from './ghost-dates.js';

// Ghost's members CSV (Members → Export): Ghost 6's JSON export holds no members, so the
// CSV is read beside it. Consent travels as `subscribed_to_emails`; an unsubscribed
// member must stay unsubscribed.

export interface GhostMembers {
  subscribers: SourceSubscriber[];
  skipped: Extract<SourceEvent, { kind: 'skipped' }>[];
  notImported: NotImported[];
}

type MemberRow = Record<string, string | undefined>;

export async function readGhostMembers(file: string): Promise<GhostMembers> {
  const name = path.basename(file);
  const rows = parseRows(await readText(file, name), name);
  const members: GhostMembers = { subscribers: [], skipped: [], notImported: [] };
  for (const row of rows) {
    const email = (row.email ?? '').trim();
    const sourceId = `member:${row.id ?? email}`;
    if (email === '') members.skipped.push({ kind: 'skipped', sourceId, reason: 'member without an email address' });
    else if ((row.deleted_at ?? '').trim() !== '') members.skipped.push({ kind: 'skipped', sourceId, reason: 'member deleted in Ghost' });
    else members.subscribers.push(subscriber(row, email));
  }
  members.notImported = [
    { what: 'member notes', count: rows.filter((row) => filled(row.note)).length },
    {
      what: 'paid or complimentary member plans',
      count: rows.filter((row) => filled(row.complimentary_plan) || filled(row.tiers) || filled(row.stripe_customer_id)).length,
    },
  ].filter((item) => item.count > 0);
  return members;
}

function subscriber(row: MemberRow, email: string): SourceSubscriber {
  return {
    email,
    name: (row.name ?? '').trim(),
    subscribed: (row.subscribed_to_emails ?? '').trim().toLowerCase() === 'true',
    createdAt: ghostInstant(row.created_at),
    // Ghost joins a member's labels into one cell: "Donor 2025,Founding reader".
    labels: (row.labels ?? '')
      .split(',')
      .map((label) => label.trim())
      .filter((label) => label !== ''),
  };
}

function parseRows(text: string, name: string): MemberRow[] {
  try {
    return parse<MemberRow>(text, { columns: requireEmailColumn, skip_empty_lines: true, bom: true });
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : null;
    throw new SourceFormatError(`${name} is not a readable members CSV (${error instanceof Error ? error.message : String(error)})`, line);
  }
}

function requireEmailColumn(header: string[]): string[] {
  if (!header.includes('email')) throw new Error('it has no "email" column');
  return header;
}

async function readText(file: string, name: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new SourceFormatError(`${name} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

function filled(value: string | undefined): boolean {
  return (value ?? '').trim() !== '';
}
