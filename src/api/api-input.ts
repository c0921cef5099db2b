import { z } from 'zod';
import { ARTICLE_STAGES } from '../content/roles.js';
import { MediaInputSchema } from '../content/media-input.js';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../content/slug.js';
import { MoveSchema, StoryFieldsSchema } from '../content/story-input.js';
import { AuthorInputSchema, MediaKeySchema, SectionInputSchema, TagInputSchema } from '../content/taxonomy-input.js';

// What the API accepts: the records' own schemas from content/ (the API's bodies are
// those schemas, their `.partial()` for a PATCH, with a field renamed where the bundle
// names it differently) and the query strings. Every object is strict: an unknown key
// (including `__proto__` and `constructor`) is a 400 naming it, never ignored.

const slug = z.string().regex(SLUG_PATTERN, 'must be lower-case letters, digits and hyphens').max(SLUG_MAX_LENGTH);
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/**
 * A new story: every story field is optional (a draft may start empty); no revision yet.
 * `status` is what the story answers with: "draft" (or none) keeps it a draft,
 * "published" publishes it and "scheduled" schedules it for `publish_at`, through the
 * same move (and checklist) as the newsroom's buttons.
 */
export const NewStorySchema = StoryFieldsSchema.partial()
  .extend({
    status: z.enum(['draft', 'published', 'scheduled']).optional(),
    publish_at: MoveSchema.shape.publish_at,
  })
  .strict();
export type NewStory = z.infer<typeof NewStorySchema>;

/** A new section: the newsroom's schema as it is. */
export const NewSectionSchema = SectionInputSchema;
/** A slug is fixed once made (links, feeds and bundles point at it): a PATCH changes the other fields. */
export const SectionPatchSchema = SectionInputSchema.omit({ slug: true }).partial();

/** A new tag may leave its slug to be made from its name. */
export const NewTagSchema = TagInputSchema.partial({ slug: true });
export const TagPatchSchema = TagInputSchema.omit({ slug: true }).partial();

// The API names an author's portrait `image` (the bundle's word, a media key or null);
// everything else, limits included, is the newsroom's schema.
const image = MediaKeySchema.nullable();
export const NewAuthorSchema = AuthorInputSchema.omit({ portrait: true }).extend({ image: image.default(null) });
export const AuthorPatchSchema = AuthorInputSchema.omit({ slug: true, portrait: true }).extend({ image }).partial();

/** Upload fields, and PATCH /media/:key: the newsroom's media schema, every field optional. */
export const MediaFieldsSchema = MediaInputSchema.partial();

const pageParams = {
  page: z
    .string()
    .regex(/^[1-9]\d{0,5}$/, 'must be a whole number from 1')
    .optional(),
  per_page: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, 'must be a whole number from 1 to 100')
    .refine((value) => Number(value) <= 100, 'must be at most 100')
    .optional(),
};
const search = text(200).trim().optional();

export const PageQuerySchema = z.object(pageParams).strict();
export const NoQuerySchema = z.object({}).strict();
export const AdminStoryQuerySchema = z
  .object({
    ...pageParams,
    status: z.enum(ARTICLE_STAGES).optional(),
    section: slug.optional(),
    author: slug.optional(),
    q: search,
    sort: z.enum(['modified', 'published', 'title']).optional(),
  })
  .strict();
export const MediaQuerySchema = z.object({ ...pageParams, q: search }).strict();

/** The content API also takes the key itself in the query string. */
export const ContentPageQuerySchema = z.object({ ...pageParams, key: z.string().optional() }).strict();
export const ContentStoryQuerySchema = z
  .object({
    ...pageParams,
    key: z.string().optional(),
    section: slug.optional(),
    tag: slug.optional(),
    author: slug.optional(),
    q: search,
  })
  .strict();
export const ContentOneQuerySchema = z.object({ key: z.string().optional() }).strict();

export const DEFAULT_PER_PAGE = 20;

export function paging(query: { page?: string; per_page?: string }): { page: number; perPage: number; offset: number } {
  const page = Number(query.page ?? 1);
  const perPage = Number(query.per_page ?? DEFAULT_PER_PAGE);
  return { page, perPage, offset: (page - 1) * perPage };
}

/** Path ids are whole positive numbers, parsed strictly (no "1e3", "01", "1 "). */
export function parseId(raw: string): number | null {
  return /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= 2_147_483_647 ? Number(raw) : null;
}
