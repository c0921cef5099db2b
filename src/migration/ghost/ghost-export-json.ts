import type { z } from 'zod';
import { SourceFormatError } from '../source-model.js';
import {
  EMAIL_SETTING,
  SETTING_KEYS,
  postAuthorRow,
  postMetaRow,
  postRow,
  postTagRow,
  settingRow,
  tagRow,
  userRow,
  type PostAuthorRow,
  type PostMetaRow,
  type PostRow,
  type PostTagRow,
  type SettingKey,
  type TagRow,
  type UserRow,
} from './ghost-rows.js';

/** A Ghost export reduced to what the reader uses. Holds no secret (see ghost-rows.ts). */
export interface GhostExport {
  version: string | null;
  posts: PostRow[];
  postsMeta: PostMetaRow[];
  users: UserRow[];
  tags: TagRow[];
  postsAuthors: PostAuthorRow[];
  postsTags: PostTagRow[];
  settings: Partial<Record<SettingKey, string>>;
  /** How many email settings have a value: counted as not imported. */
  emailSettings: number;
  /** Row counts of every table, for what is not imported (newsletters, products…). */
  tableSizes: Record<string, number>;
}

export function parseGhostExport(json: string, fileName: string): GhostExport {
  const parsed = parseJson(json, fileName);
  const { meta, data } = exportBody(parsed, fileName);
  const rows = <T extends z.ZodTypeAny>(table: string, schema: T): z.infer<T>[] => readTable(data, table, schema, fileName);
  const settings = rows('settings', settingRow);
  return {
    version: typeof meta?.version === 'string' ? meta.version : null,
    posts: rows('posts', postRow),
    postsMeta: rows('posts_meta', postMetaRow),
    users: rows('users', userRow),
    tags: rows('tags', tagRow),
    postsAuthors: rows('posts_authors', postAuthorRow),
    postsTags: rows('posts_tags', postTagRow),
    settings: Object.fromEntries(
      settings
        .filter((row) => (SETTING_KEYS as readonly string[]).includes(row.key) && typeof row.value === 'string')
        .map((row) => [row.key, row.value]),
    ),
    emailSettings: settings.filter(
      (row) => (EMAIL_SETTING.test(row.key) || row.group === 'email') && row.value !== null && row.value !== '',
    ).length,
    tableSizes: Object.fromEntries(Object.entries(data).map(([table, value]) => [table, Array.isArray(value) ? value.length : 0])),
  };
}

function parseJson(json: string, fileName: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SourceFormatError(`${fileName} is not valid JSON (${message})`, lineOf(json, message));
  }
}

/** V8 reports "at position N" (Node 20) or "(line L column C)" (Node 22+). */
function lineOf(json: string, message: string): number | null {
  const line = /line (\d+)/.exec(message)?.[1];
  if (line) return Number(line);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return json.trim() === '' ? 1 : null;
  return json.slice(0, Number(position)).split('\n').length;
}

/** Ghost's admin export is `{db:[{meta,data}]}`; import files written by tools are often `{meta,data}`. */
function exportBody(parsed: unknown, fileName: string): { meta: Record<string, unknown> | null; data: Record<string, unknown> } {
  const root = isRecord(parsed) && Array.isArray(parsed.db) ? (parsed.db as unknown[])[0] : parsed;
  if (!isRecord(root) || !isRecord(root.data) || !Array.isArray(root.data.posts)) {
    throw new SourceFormatError(`${fileName} is not a Ghost export: expected {db:[{meta,data}]} or {meta,data} with data.posts`);
  }
  return { meta: isRecord(root.meta) ? root.meta : null, data: root.data };
}

function readTable<T extends z.ZodTypeAny>(data: Record<string, unknown>, table: string, schema: T, fileName: string): z.infer<T>[] {
  const value = data[table];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new SourceFormatError(`${fileName} is not a Ghost export: data.${table} is not a list`);
  return value.map((row, index) => {
    const result = schema.safeParse(row);
    if (result.success) return result.data as z.infer<T>;
    const issue = result.error.issues[0];
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'unreadable row';
    throw new SourceFormatError(`${fileName}: data.${table}[${index}] ${where}`);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
