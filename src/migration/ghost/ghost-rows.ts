import { z } from 'zod';

// The rows this reader uses, and only the columns it uses: zod drops every other key, so
// password hashes, API key secrets and session secrets are never copied out of the parsed
// file. Settings are read by key through SETTING_KEYS for the same reason.

const id = z.union([z.string(), z.number()]).transform(String);
const text = z.string().nullish();
const instant = z.union([z.string(), z.number()]).nullish();
const order = z.number().nullish();

export const postRow = z.object({
  id,
  title: text,
  slug: text,
  type: text,
  // Ghost 0.x–2.x marked pages with a flag instead of `type`.
  page: z.union([z.boolean(), z.number()]).nullish(),
  status: text,
  visibility: text,
  featured: z.union([z.boolean(), z.number()]).nullish(),
  html: text,
  lexical: text,
  mobiledoc: text,
  feature_image: text,
  // Ghost 2–3 kept these on the post; later versions moved them to posts_meta.
  feature_image_alt: text,
  feature_image_caption: text,
  meta_title: text,
  meta_description: text,
  og_image: text,
  twitter_image: text,
  custom_excerpt: text,
  codeinjection_head: text,
  codeinjection_foot: text,
  canonical_url: text,
  author_id: id.nullish(),
  created_at: instant,
  updated_at: instant,
  published_at: instant,
});

export const postMetaRow = z.object({
  post_id: id,
  feature_image_alt: text,
  feature_image_caption: text,
  meta_title: text,
  meta_description: text,
  og_image: text,
  og_title: text,
  og_description: text,
  twitter_image: text,
  twitter_title: text,
  twitter_description: text,
  email_subject: text,
});

export const userRow = z.object({ id, name: text, slug: text, email: text, profile_image: text, bio: text });

export const tagRow = z.object({
  id,
  name: text,
  slug: text,
  description: text,
  visibility: text,
  codeinjection_head: text,
  codeinjection_foot: text,
});

export const postAuthorRow = z.object({ post_id: id, author_id: id, sort_order: order });
export const postTagRow = z.object({ post_id: id, tag_id: id, sort_order: order });

export const settingRow = z.object({ key: z.string(), value: z.unknown(), group: text });

export type PostRow = z.infer<typeof postRow>;
export type PostMetaRow = z.infer<typeof postMetaRow>;
export type UserRow = z.infer<typeof userRow>;
export type TagRow = z.infer<typeof tagRow>;
export type PostAuthorRow = z.infer<typeof postAuthorRow>;
export type PostTagRow = z.infer<typeof postTagRow>;

/** The settings read by name; everything else in `settings` (secrets included) is never kept. */
export const SETTING_KEYS = ['title', 'url', 'codeinjection_head', 'codeinjection_foot', 'navigation', 'secondary_navigation'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** Setting keys or groups about sending email, counted as not imported. */
export const EMAIL_SETTING = /^(email_|mailgun_|bulk_email|newsletter)/;
