import { z } from 'zod';
import { isReservedSlug, SLUG_MAX_LENGTH, SLUG_PATTERN } from './slug.js';
import { TAG_KINDS } from './tag-kinds.js';

// The one input schema of sections, tags and author profiles, read by every door: the
// newsroom's forms parse them as they are, /api/admin parses them too (its PATCH bodies
// are their `.partial()`, its author `image` a thin rename of `portrait`). Slugs are
// public URL keys (content/slug.ts); a section slug also must not be a reserved word
// (SPEC §4). Unknown keys are refused.

export const TAXONOMY_LIMITS = { name: 120, description: 1_000, bio: 4_000, mediaKey: 200, position: 10_000 } as const;

const text = (max: number) => z.string().max(max, `must be at most ${max.toLocaleString('en-US')} characters`);
const name = z.string().trim().min(1, 'must not be empty').max(TAXONOMY_LIMITS.name, `must be at most ${TAXONOMY_LIMITS.name} characters`);
export const SlugSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(SLUG_MAX_LENGTH, `must be at most ${SLUG_MAX_LENGTH} characters`)
  .regex(SLUG_PATTERN, 'must be lower-case letters, digits and single hyphens, e.g. "middle-east"');
/** A media library key (an author's portrait); '' means none. */
export const MediaKeySchema = z.string().trim().max(TAXONOMY_LIMITS.mediaKey, `must be at most ${TAXONOMY_LIMITS.mediaKey} characters`);

export const SECTION_LAYOUTS = ['standard', 'briefs'] as const;
/** A section page lists its subsections' stories too; deeper trees than this read as a maze. */
export const SECTION_MAX_DEPTH = 3;

export const SectionInputSchema = z
  .object({
    name,
    slug: SlugSchema.refine((value) => !isReservedSlug(value), 'is a reserved word; choose another'),
    description: text(TAXONOMY_LIMITS.description).default(''),
    layout: z.enum(SECTION_LAYOUTS, { errorMap: () => ({ message: 'must be standard or briefs' }) }).default('standard'),
    /** Where the section sits in the site's order; a new section goes last when absent. */
    position: z.number().int().min(0).max(TAXONOMY_LIMITS.position).optional(),
    /** The slug of the section this one sits under; '' puts it at the top level, absent leaves it where it is. */
    parent: z
      .string()
      .trim()
      .refine(
        (value) => value === '' || (value.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(value)),
        'must be a section slug, or empty for none',
      )
      .optional(),
  })
  .strict();
export type SectionInput = z.infer<typeof SectionInputSchema>;

export const TagInputSchema = z
  .object({
    name,
    slug: SlugSchema,
    kind: z.enum(TAG_KINDS, { errorMap: () => ({ message: `must be one of ${TAG_KINDS.join(', ')}` }) }),
  })
  .strict();
export type TagInput = z.infer<typeof TagInputSchema>;

export const TagMergeSchema = z
  .object({
    from: SlugSchema,
    into: SlugSchema,
  })
  .strict()
  .refine((value) => value.from !== value.into, { message: 'a tag cannot be merged into itself', path: ['into'] });

export const AuthorInputSchema = z
  .object({
    name,
    slug: SlugSchema,
    bio: text(TAXONOMY_LIMITS.bio).default(''),
    /** The media key of the portrait, or '' for none. */
    portrait: MediaKeySchema.default(''),
  })
  .strict();
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
