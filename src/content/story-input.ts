import { z } from 'zod';
import { MEDIA_LIMITS } from './media-input.js';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from './slug.js';
import { TagInputSchema } from './taxonomy-input.js';

// What a newsroom save (editor form, autosave or /api/admin/articles) may carry. Field
// names follow the content bundle (SPEC §3 and §7). Unknown keys are refused, so a
// request cannot set `stage`, `created_by` or anything else it does not own.

const slug = z.string().regex(SLUG_PATTERN, 'must be lower-case letters, digits and hyphens').max(SLUG_MAX_LENGTH);
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const isoTime = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date and time' })
  .transform((value) => new Date(value).toISOString());

/** A tag made from the story form: the tag schema's name and kind (its slug comes from the name). */
export const NewTagSchema = TagInputSchema.pick({ name: true, kind: true });

export const BodySchema = z.union([
  z.object({ type: z.literal('doc') }).passthrough(),
  z.object({ format: z.enum(['markdown', 'html']), source: text(2_000_000) }).strict(),
]);

export const StoryFieldsSchema = z
  .object({
    title: text(300).trim(),
    dek: text(600),
    slug: slug,
    format: slug.nullable(),
    sections: z.array(slug).max(10),
    tags: z.array(slug).max(50),
    new_tags: z.array(NewTagSchema).max(20),
    authors: z.array(slug).max(10),
    image: text(200).nullable(),
    // This story's own text for its lead image; null (or blank) keeps the library's.
    image_alt: text(MEDIA_LIMITS.alt).trim().nullable(),
    image_caption: text(MEDIA_LIMITS.caption).trim().nullable(),
    image_credit: text(MEDIA_LIMITS.credit).trim().nullable(),
    body: BodySchema,
    excerpt: text(1_000),
    seo_title: text(300),
    seo_description: text(600),
    related: z.array(slug).max(10),
    unpublish_at: isoTime.nullable(),
  })
  .strict();

export type StoryFields = z.infer<typeof StoryFieldsSchema>;

/** A save names every field it changes; `revision` is the version the editor started from. */
export const StoryPatchSchema = StoryFieldsSchema.partial().extend({ revision: z.number().int().positive().optional() }).strict();
export type StoryPatch = z.infer<typeof StoryPatchSchema>;

export const MoveSchema = z
  .object({
    move: z.enum(['submit', 'return', 'publish', 'schedule', 'unschedule', 'unpublish']),
    publish_at: isoTime.optional(),
    revision: z.number().int().positive().optional(),
  })
  .strict();

export const NoteSchema = z
  .object({
    kind: z.enum(['update', 'correction']),
    note: text(2_000).trim().min(1, 'must not be empty'),
  })
  .strict();

export const InternalNoteSchema = z.object({ body: text(5_000).trim().min(1, 'must not be empty') }).strict();

/** zod issues as `field: message` lines, the shape every newsroom error uses. */
export function describeIssues(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => ({
    field: issue.path.join('.') || '(body)',
    message:
      issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message,
  }));
}
