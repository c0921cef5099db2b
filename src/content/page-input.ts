import { z } from 'zod';
import { isReservedSlug, SLUG_MAX_LENGTH, SLUG_PATTERN } from './slug.js';

// The one input schema of static pages (About, Donate…), read by every door. A page
// lives at /{slug}, the stories' namespace, so its slug follows the story rules and must
// not be a reserved word; that it is free among stories and pages is the writer's check
// (src/pages/pages.ts), inside its transaction. The body arrives as HTML (the newsroom's
// textarea, an import) and is converted to a document by the door. Unknown keys are refused.

export const PAGE_LIMITS = { title: 200, seoDescription: 300, bodyHtml: 500_000, footerPosition: 1_000 } as const;
export const PAGE_STATUSES = ['draft', 'published'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

const max = (limit: number) => `must be at most ${limit.toLocaleString('en-US')} characters`;

/** A form's empty field means "not in the footer"; a number is the place among its links. */
const FooterPositionSchema = z.preprocess(
  (value) => (value === '' || value === null || value === undefined ? null : typeof value === 'string' ? Number(value.trim()) : value),
  z
    .number({ invalid_type_error: 'must be a whole number, or empty to leave the page out of the footer' })
    .int('must be a whole number, or empty to leave the page out of the footer')
    .min(0, 'must be 0 or more')
    .max(PAGE_LIMITS.footerPosition, `must be at most ${PAGE_LIMITS.footerPosition}`)
    .nullable(),
);

export const PageInputSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(PAGE_LIMITS.title, max(PAGE_LIMITS.title)),
    slug: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(SLUG_MAX_LENGTH, max(SLUG_MAX_LENGTH))
      .regex(SLUG_PATTERN, 'must be lower-case letters, digits and single hyphens, e.g. "about-us"')
      .refine((value) => !isReservedSlug(value), 'is a reserved word; choose another'),
    status: z.enum(PAGE_STATUSES, { errorMap: () => ({ message: 'must be draft or published' }) }).default('draft'),
    footer_position: FooterPositionSchema.default(null),
    seo_description: z.string().trim().max(PAGE_LIMITS.seoDescription, max(PAGE_LIMITS.seoDescription)).default(''),
    body_html: z.string().max(PAGE_LIMITS.bodyHtml, max(PAGE_LIMITS.bodyHtml)).default(''),
  })
  .strict();
export type PageInput = z.infer<typeof PageInputSchema>;

export const PAGE_FORM_KEYS = ['title', 'slug', 'status', 'footer_position', 'seo_description', 'body_html'] as const;
