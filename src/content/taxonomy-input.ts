import { z } from 'zod';
import { isReservedSlug, SLUG_MAX_LENGTH, SLUG_PATTERN } from './slug.js';
import { TAG_KINDS } from './tag-kinds.js';

// What the newsroom's section, tag and author forms may carry. Slugs are public URL keys
// (content/slug.ts); a section slug also must not be a reserved word, so no section can
// ever be mistaken for a route. Unknown keys are refused.

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const name = text(120).trim().min(1, 'must not be empty');
const slug = z.string().trim().min(1, 'must not be empty')
  .max(SLUG_MAX_LENGTH, `must be at most ${SLUG_MAX_LENGTH} characters`)
  .regex(SLUG_PATTERN, 'must be lower-case letters, digits and single hyphens, e.g. "middle-east"');

export const SECTION_LAYOUTS = ['standard', 'briefs'] as const;

export const SectionInputSchema = z.object({
  name,
  slug: slug.refine((value) => !isReservedSlug(value), 'is a reserved word; choose another'),
  description: text(1_000),
  layout: z.enum(SECTION_LAYOUTS, { errorMap: () => ({ message: 'must be standard or briefs' }) }),
}).strict();
export type SectionInput = z.infer<typeof SectionInputSchema>;

export const TagInputSchema = z.object({
  name,
  slug,
  kind: z.enum(TAG_KINDS, { errorMap: () => ({ message: `must be one of ${TAG_KINDS.join(', ')}` }) }),
}).strict();
export type TagInput = z.infer<typeof TagInputSchema>;

export const TagMergeSchema = z.object({
  from: slug,
  into: slug,
}).strict().refine((value) => value.from !== value.into, { message: 'a tag cannot be merged into itself', path: ['into'] });

export const AuthorInputSchema = z.object({
  name,
  slug,
  bio: text(4_000),
  /** The media key of the portrait, or '' for none. */
  portrait: text(200).trim(),
}).strict();
export type AuthorInput = z.infer<typeof AuthorInputSchema>;

/** The form fields a schema knows, as strings (CRLF folded), everything else dropped. */
export function formFields<K extends string>(body: unknown, keys: readonly K[]): Record<K, string> {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out = {} as Record<K, string>;
  for (const key of keys) {
    const value = source[key];
    out[key] = typeof value === 'string' ? value.replace(/\r\n/g, '\n') : '';
  }
  return out;
}
