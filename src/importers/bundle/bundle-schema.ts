import { z } from 'zod';
import { SCHEMA_TYPES } from '../../content/formats.js';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../content/slug.js';
import { TAG_KINDS } from '../../content/tag-kinds.js';
import { LiveBundleSchema } from './live-bundle.js';

// The content bundle (SPEC §3). Every object is strict: an unknown field is an error, so a
// typo ("sectons") is reported instead of silently dropping data.

const slug = z.string().max(SLUG_MAX_LENGTH).regex(SLUG_PATTERN, 'must be lowercase words joined by hyphens');
const text = (max: number) => z.string().max(max);
const isoTime = z.string().datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2025-04-18T09:00:00Z' });
const httpUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');
const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Berlin');

export const PublicationSchema = z
  .object({
    name: text(200).min(1),
    tagline: text(300).default(''),
    social: z
      .array(z.object({ network: slug, url: httpUrl }).strict())
      .max(20)
      .default([]),
    time_zone: timeZone.default('UTC'),
    locale: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a locale such as en-US')
      .default('en-US'),
    newsletter_pitch: text(500).default(''),
  })
  .strict();

export const FormatSchema = z
  .object({
    slug,
    name: text(100).min(1),
    schema_type: z.enum(SCHEMA_TYPES).default('NewsArticle'),
  })
  .strict();

export const SectionSchema = z
  .object({
    slug,
    name: text(100).min(1),
    description: text(1000).default(''),
    layout: z.enum(['standard', 'briefs']).default('standard'),
  })
  .strict();

export const TagSchema = z
  .object({
    slug,
    name: text(200).min(1),
    kind: z.enum(TAG_KINDS).default('topic'),
  })
  .strict();

export const AuthorSchema = z
  .object({
    slug,
    name: text(200).min(1),
    bio: text(2000).default(''),
    image: slug.optional(),
  })
  .strict();

export const MediaSchema = z
  .object({
    id: slug,
    file: text(500).min(1),
    alt: text(1000).default(''),
    caption: text(2000).default(''),
    credit: text(500).default(''),
  })
  .strict();

export const NoteSchema = z
  .object({
    at: isoTime,
    note: text(2000).min(1),
    kind: z.enum(['update', 'correction']).default('update'),
  })
  .strict();

export const ArticleSchema = z
  .object({
    slug,
    title: text(300).min(1),
    dek: text(1000).default(''),
    format: slug.optional(),
    sections: z.array(slug).max(10).default([]),
    tags: z.array(slug).max(50).default([]),
    authors: z.array(slug).max(20).default([]),
    image: slug.optional(),
    body: z.object({ format: z.enum(['markdown', 'html']), source: text(2_000_000) }).strict(),
    excerpt: text(2000).optional(),
    status: z.enum(['draft', 'published']).default('draft'),
    published_at: isoTime.optional(),
    updated_at: isoTime.optional(),
    updates: z.array(NoteSchema).max(200).default([]),
    related: z.array(slug).max(12).default([]),
    previous_slugs: z.array(slug).max(50).default([]),
    /** Live coverage (docs/live-coverage.md); optional, absent for most stories. */
    live: LiveBundleSchema.optional(),
  })
  .strict();

export const BundleSchema = z
  .object({
    publication: PublicationSchema.optional(),
    formats: z.array(FormatSchema).default([]),
    sections: z.array(SectionSchema).default([]),
    tags: z.array(TagSchema).default([]),
    authors: z.array(AuthorSchema).default([]),
    media: z.array(MediaSchema).default([]),
    articles: z.array(ArticleSchema).default([]),
  })
  .strict();

export type Bundle = z.infer<typeof BundleSchema>;
export type BundleArticle = z.infer<typeof ArticleSchema>;
export type BundleMedia = z.infer<typeof MediaSchema>;
export type BundleAuthor = z.infer<typeof AuthorSchema>;
export type BundleSection = z.infer<typeof SectionSchema>;
export type BundleTag = z.infer<typeof TagSchema>;
export type BundleFormat = z.infer<typeof FormatSchema>;
export type BundlePublication = z.infer<typeof PublicationSchema>;
