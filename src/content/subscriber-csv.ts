import { parse } from 'csv-parse/sync';
import { checkSubscriberAddress } from './subscriber-address.js';
import { wallTimeToUtc } from './zoned-time.js';

// Subscriber CSV files: reading an import (strict, every bad line reported with its line
// number, so an editor fixes the file once and nothing is imported half-way) and writing
// an export's cells (spreadsheet formulas neutralised, SECURITY.md).

export interface ImportRow {
  /** The line the record starts on (1 is the header). */
  line: number;
  email: string;
  /** ISO UTC, or null: "now" at import. */
  consentAt: string | null;
  /** List slugs as written; empty means the default list. */
  lists: string[];
  source: string | null;
}

export interface LineError {
  line: number;
  message: string;
}

export type CsvImport = { ok: true; rows: ImportRow[] } | { ok: false; errors: LineError[] };

export const IMPORT_COLUMNS = ['email', 'consent', 'consented_at', 'lists', 'source'] as const;
const REQUIRED = ['email', 'consent'] as const;
const CONSENT_YES = new Set(['yes', 'true', '1']);
const MAX_SOURCE = 200;
/** More errors than this are summarised: the editor needs the pattern, not 10,000 lines. */
export const MAX_REPORTED_ERRORS = 500;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** A consent date: a calendar date or a date and time; without an offset, it is the publication's wall time. */
export function parseConsentDate(raw: string, timeZone: string, now: Date): { ok: true; at: string } | { ok: false; reason: string } {
  const value = raw.trim();
  const bad = { ok: false as const, reason: `consented_at "${value.slice(0, 40)}" is not a date like 2026-03-01 or 2026-03-01T09:30:00Z` };
  let at: string | null = null;
  const dt = DATE_TIME.exec(value);
  if (DATE_ONLY.test(value) || dt) {
    const date = dt ? dt[1]! : value;
    // Date.parse accepts 2026-02-31; the round trip does not.
    if (new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return bad;
    if (!dt) at = wallTimeToUtc(`${date}T00:00`, timeZone);
    else if (dt[5]) at = Number.isNaN(Date.parse(value)) ? null : new Date(value).toISOString();
    else at = wallTimeToUtc(`${date}T${dt[2]}`, timeZone);
  }
  if (!at) return bad;
  if (at > now.toISOString()) return { ok: false, reason: `consented_at ${value} is in the future` };
  return { ok: true, at };
}

interface ParseOptions {
  knownLists: ReadonlySet<string>;
  timeZone: string;
  now: Date;
}

function headerErrors(header: string[]): LineError[] {
  const errors: LineError[] = [];
  // Spreadsheets in many locales save "CSV" with semicolons.
  if (header.length === 1 && header[0]!.includes(';'))
    return [{ line: 1, message: 'the columns are separated by semicolons; save the file as comma-separated CSV (UTF-8)' }];
  const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length)
    errors.push({
      line: 1,
      message: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u.slice(0, 40)}"`).join(', ')} (allowed: ${IMPORT_COLUMNS.join(', ')})`,
    });
  const missing = REQUIRED.filter((r) => !header.includes(r));
  if (missing.length)
    errors.push({ line: 1, message: `the header row must name the column${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}` });
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length) errors.push({ line: 1, message: `column "${repeated[0]!.slice(0, 40)}" appears twice` });
  return errors;
}

function rowProblems(cells: Record<string, string>, options: ParseOptions): { row: Omit<ImportRow, 'line'> | null; problems: string[] } {
  const problems: string[] = [];
  const address = checkSubscriberAddress(cells.email ?? '');
  if (!address.ok) problems.push(`email "${(cells.email ?? '').slice(0, 80)}": ${address.reason}`);
  const consent = (cells.consent ?? '').trim().toLowerCase();
  if (!CONSENT_YES.has(consent))
    problems.push(`consent must be yes, true or 1 (got "${consent.slice(0, 20)}"); only people who agreed may be imported`);
  let consentAt: string | null = null;
  if (cells.consented_at?.trim()) {
    const date = parseConsentDate(cells.consented_at, options.timeZone, options.now);
    if (date.ok) consentAt = date.at;
    else problems.push(date.reason);
  }
  const lists = [
    ...new Set(
      (cells.lists ?? '')
        .split(';')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  const unknown = lists.filter((slug) => !options.knownLists.has(slug));
  if (unknown.length)
    problems.push(`unknown list ${unknown.map((u) => `"${u.slice(0, 40)}"`).join(', ')} (lists: ${[...options.knownLists].join(', ')})`);
  // A source is one line of text for the consent record.
  const source = (cells.source ?? '').replace(/\s+/g, ' ').trim();
  if (source.length > MAX_SOURCE) problems.push(`source is longer than ${MAX_SOURCE} characters`);
  if (/[\u0000-\u001f\u007f]/.test(source)) problems.push('source contains control characters');
  if (problems.length || !address.ok) return { row: null, problems };
  return { row: { email: address.email, consentAt, lists, source: source || null }, problems };
}

function parseMessage(code: string | undefined): string {
  switch (code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return 'has a different number of columns than the header row';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quote opened on this line is never closed';
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'has a quote inside a cell; put the whole cell in quotes and double the quote ("")';
    default:
      return `cannot be read as CSV (${code ?? 'parse error'})`;
  }
}

type Piece = { end: number; record: string[] } | { end: number; code: string | undefined };

/** The file's records and unreadable stretches, in file order, each with the line it ends on. */
function pieces(text: string): Piece[] {
  const found: Piece[] = [];
  parse(text, {
    bom: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record: string[], context: { lines: number }) => {
      found.push({ end: context.lines, record });
      return null;
    },
    on_skip: (error) => {
      const lines = (error as { lines?: number } | undefined)?.lines;
      found.push({ end: lines ?? found.at(-1)?.end ?? 1, code: error?.code });
      return undefined;
    },
  });
  return found;
}

/** Reads an import file; any problem anywhere means no rows at all. */
export function parseSubscriberCsv(text: string, options: ParseOptions): CsvImport {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let lastEnd = 0;
  /** A record starts on the first non-blank line after the previous one ended. */
  const startLine = (end: number) => {
    let line = lastEnd + 1;
    while (line < end && (lines[line - 1] ?? '').trim() === '') line++;
    lastEnd = end;
    return line;
  };
  const errors: LineError[] = [];
  const records: Array<{ line: number; record: string[] }> = [];
  for (const piece of pieces(text)) {
    const line = startLine(piece.end);
    if ('record' in piece) records.push({ line, record: piece.record });
    else errors.push({ line, message: parseMessage(piece.code) });
  }
  const header = records[0];
  if (!header || header.line !== 1)
    return { ok: false, errors: [{ line: 1, message: 'the first line must be the header row (email,consent,…)' }, ...errors] };
  const names = header.record.map((h) => h.trim().toLowerCase());
  const wrongHeader = headerErrors(names);
  // Without the right columns every row would repeat the header's problem.
  if (wrongHeader.length) return { ok: false, errors: [...wrongHeader, ...errors] };
  const rows: ImportRow[] = [];
  for (const { line, record } of records.slice(1)) {
    const cells = Object.fromEntries(names.map((name, i) => [name, record[i] ?? '']));
    const { row, problems } = rowProblems(cells, options);
    for (const message of problems) errors.push({ line, message });
    if (row) rows.push({ line, ...row });
  }
  if (!rows.length && !errors.length) errors.push({ line: 2, message: 'the file has a header row but no subscribers' });
  errors.sort((a, b) => a.line - b.line);
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

// ---- export ------------------------------------------------------------------------------

export const EXPORT_COLUMNS = [
  'email',
  'status',
  'lists',
  'consent_at',
  'consent_source',
  'consent_ip',
  'created_at',
  'confirmed_at',
  'unsubscribed_at',
] as const;

/**
 * One CSV cell (RFC 4180 quoting). A cell a spreadsheet would run as a formula (starting
 * with = + - @, or a tab or carriage return) gets a leading apostrophe first (OWASP CSV
 * injection; SECURITY.md).
 */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Array<string | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
