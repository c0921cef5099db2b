import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { SourceFormatError, type SourceRedirect } from '../source-model.js';

// Ghost's redirects file (Settings → Labs → Redirects), kept outside the JSON export:
// YAML `301:`/`302:` maps of from → to, or the older JSON list `[{from, to, permanent}]`.
// Ghost matches every `from` as a case-insensitive regular expression; here a `from` that
// reads as a plain path stays an exact rule, and only patterns become regex rules.

/** Anchors, groups, classes, quantifiers, alternation, escapes. A lone `.` is a file name's dot. */
const REGEX_SYNTAX = /^\^|\$$|[()[\]{}*+|\\]/;
/** Ghost accepts `/pattern/flags` to override its default `i` flag. */
const WITH_FLAGS = /^\/(.+)\/([gimsuy]+)$/;

export async function readGhostRedirects(file: string): Promise<SourceRedirect[]> {
  const name = path.basename(file);
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new SourceFormatError(`${name} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const isJson = /\.json$/i.test(file) || /^\s*\[/.test(text);
  return isJson ? fromJson(text, name) : fromYaml(text, name);
}

function fromYaml(text: string, name: string): SourceRedirect[] {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    const line = error instanceof YAMLParseError ? (error.linePos?.[0]?.line ?? null) : null;
    throw new SourceFormatError(
      `${name} is not a readable redirects file (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      line,
    );
  }
  if (parsed === null || parsed === undefined) return [];
  if (!isRecord(parsed)) throw new SourceFormatError(`${name} is not a Ghost redirects file: expected 301: and 302: maps`);
  return Object.entries(parsed).flatMap(([status, rules]) => {
    if (status !== '301' && status !== '302')
      throw new SourceFormatError(`${name}: unknown redirect status "${status}" (expected 301 or 302)`);
    if (rules === null) return [];
    if (!isRecord(rules)) throw new SourceFormatError(`${name}: ${status}: must map old paths to new ones`);
    return Object.entries(rules).map(([from, to]) => redirect(from, to, status === '301' ? 301 : 302, name));
  });
}

function fromJson(text: string, name: string): SourceRedirect[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SourceFormatError(`${name} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(parsed))
    throw new SourceFormatError(`${name} is not a Ghost redirects file: expected a list of {from, to, permanent}`);
  return parsed.map((rule, index) => {
    if (!isRecord(rule)) throw new SourceFormatError(`${name}: rule ${index + 1} is not an object`);
    return redirect(rule.from, rule.to, rule.permanent === true ? 301 : 302, name);
  });
}

function redirect(from: unknown, to: unknown, status: 301 | 302, name: string): SourceRedirect {
  if (typeof from !== 'string' || from.trim() === '' || typeof to !== 'string' || to.trim() === '') {
    throw new SourceFormatError(
      `${name}: every redirect needs a "from" and a "to" (found ${JSON.stringify(from)} → ${JSON.stringify(to)})`,
    );
  }
  const flagged = WITH_FLAGS.exec(from);
  const pattern = flagged && REGEX_SYNTAX.test(flagged[1] ?? '') ? (flagged[1] ?? from) : from;
  const match = REGEX_SYNTAX.test(pattern) ? 'regex' : 'exact';
  if (match === 'regex') assertPattern(pattern, name);
  return { from: pattern, to, status, match };
}

function assertPattern(pattern: string, name: string): void {
  try {
    new RegExp(pattern, 'i');
  } catch (error) {
    throw new SourceFormatError(
      `${name}: "${pattern}" is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
