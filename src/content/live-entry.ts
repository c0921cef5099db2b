import { z } from 'zod';
import type { DocumentNode } from './document.js';
import { parseDocument } from './parse-document.js';
import { describeIssues } from './story-input.js';

// What a live coverage entry may be (docs/live-coverage.md): a short dated post with a
// body in the story body's document shape, an optional byline and two flags. The
// newsroom's composer sends the body as markdown-ish text; the API and the content bundle
// may send the document itself. Every door parses through here.

/** Characters of source text a composer may send: a live entry is a post, not a story. */
export const LIVE_ENTRY_SOURCE_MAX = 20_000;
/** Characters of reader-visible text an entry may hold, however it was sent. */
export const LIVE_ENTRY_TEXT_MAX = 10_000;

const flag = z
  .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('1'), z.literal('')])
  .transform((value) => value === true || value === 'on' || value === 'true' || value === '1');

export const LiveEntryInputSchema = z
  .object({
    body: z.union([
      z
        .string()
        .max(LIVE_ENTRY_SOURCE_MAX, `must be at most ${LIVE_ENTRY_SOURCE_MAX} characters`)
        .refine((text) => text.trim() !== '', 'must not be empty: write the entry before posting it'),
      z.object({ type: z.literal('doc') }).passthrough(),
    ]),
    /** The byline's author profile id; null or absent for none. */
    author_id: z.number().int().positive().nullable().optional(),
    key_event: flag.optional(),
    pinned: flag.optional(),
  })
  .strict();

export type LiveEntryInput = z.infer<typeof LiveEntryInputSchema>;

/** A change to an entry: any of the fields, at least one. */
export const LiveEntryPatchSchema = LiveEntryInputSchema.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');
export type LiveEntryPatch = z.infer<typeof LiveEntryPatchSchema>;

export type Problems = Array<{ field: string; message: string }>;

export function parseLiveEntryInput(input: unknown): { ok: true; value: LiveEntryInput } | { ok: false; problems: Problems } {
  const parsed = LiveEntryInputSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: describeIssues(parsed.error) };
}

export function parseLiveEntryPatch(input: unknown): { ok: true; value: LiveEntryPatch } | { ok: false; problems: Problems } {
  const parsed = LiveEntryPatchSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: describeIssues(parsed.error) };
}

function hasContent(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const item = node as { type?: unknown; text?: unknown; content?: unknown };
  if (item.type === 'text') return typeof item.text === 'string' && item.text.trim() !== '';
  if (item.type === 'image' || item.type === 'gallery' || item.type === 'embed') return true;
  return Array.isArray(item.content) && item.content.some(hasContent);
}

function textLength(node: unknown): number {
  if (typeof node !== 'object' || node === null) return 0;
  const item = node as { type?: unknown; text?: unknown; content?: unknown };
  if (item.type === 'text' && typeof item.text === 'string') return item.text.length;
  return Array.isArray(item.content) ? item.content.reduce((sum: number, child) => sum + textLength(child), 0) : 0;
}

/**
 * The entry's body once converted to a document: refused when nothing readable is left
 * (a body of spaces, or markup that converts to nothing) or when it is too long.
 */
export function checkLiveEntryDocument(doc: DocumentNode): Problems {
  if (!hasContent(doc)) return [{ field: 'body', message: 'must not be empty: write the entry before posting it' }];
  const length = textLength(doc);
  if (length > LIVE_ENTRY_TEXT_MAX)
    return [{ field: 'body', message: `is ${length} characters long; an entry may be at most ${LIVE_ENTRY_TEXT_MAX}` }];
  return [];
}

/** A document sent as JSON, rebuilt by the one document parser. */
export const liveEntryDocument = (body: object): DocumentNode => parseDocument(body);
