import { z } from 'zod';
import { ARTICLE_STAGES } from '../content/roles.js';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../content/slug.js';
import { StoryFieldsSchema } from '../content/story-input.js';
import { TAG_KINDS } from '../content/tag-kinds.js';

// What the API accepts beyond the story schemas of content/story-input.ts: sections,
// tags, authors, media fields and the query strings. Every object is strict: an unknown
// key (including `__proto__` and `constructor`) is a 400 naming it, never ignored.

const slug = z.string().regex(SLUG_PATTERN, 'must be lower-case letters, digits and hyphens').max(SLUG_MAX_LENGTH);
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const name = text(120).trim().min(1, 'must not be empty');

/** A new story: every story field is optional (a draft may start empty); no revision yet. */
export const NewStorySchema = StoryFieldsSchema.partial().strict();

export const NewSectionSchema = z.object({
  slug, name, description: text(1_000).default(''), layout: z.enum(['standard', 'briefs']).default('standard'),
  position: z.number().int().min(0).max(10_000).optional(),
}).strict();
export const SectionPatchSchema = z.object({
  name, description: text(1_000), layout: z.enum(['standard', 'briefs']), position: z.number().int().min(0).max(10_000),
}).partial().strict();

export const NewTagSchema = z.object({ slug: slug.optional(), name, kind: z.enum(TAG_KINDS) }).strict();
export const TagPatchSchema = z.object({ name, kind: z.enum(TAG_KINDS) }).partial().strict();

export const NewAuthorSchema = z.object({ slug, name, bio: text(5_000).default(''), image: text(200).nullable().default(null) }).strict();
export const AuthorPatchSchema = z.object({ name, bio: text(5_000), image: text(200).nullable() }).partial().strict();

export const MediaFieldsSchema = z.object({ alt: text(1_000).trim(), caption: text(2_000).trim(), credit: text(300).trim() }).partial().strict();

const pageParams = {
  page: z.string().regex(/^[1-9]\d{0,5}$/, 'must be a whole number from 1').optional(),
  per_page: z.string().regex(/^[1-9]\d{0,2}$/, 'must be a whole number from 1 to 100')
    .refine((value) => Number(value) <= 100, 'must be at most 100').optional(),
};
const search = text(200).trim().optional();

export const PageQuerySchema = z.object(pageParams).strict();
export const NoQuerySchema = z.object({}).strict();
export const AdminStoryQuerySchema = z.object({
  ...pageParams, status: z.enum(ARTICLE_STAGES).optional(), section: slug.optional(), author: slug.optional(), q: search,
  sort: z.enum(['modified', 'published', 'title']).optional(),
}).strict();
export const MediaQuerySchema = z.object({ ...pageParams, q: search }).strict();

/** The content API also takes the key itself in the query string. */
export const ContentPageQuerySchema = z.object({ ...pageParams, key: z.string().optional() }).strict();
export const ContentStoryQuerySchema = z.object({
  ...pageParams, key: z.string().optional(), section: slug.optional(), tag: slug.optional(), author: slug.optional(), q: search,
}).strict();
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
