import type { DocumentNode } from '../content/document.js';
import { parseVariants } from '../media/image-view.js';
import { renderDocumentHtml } from '../render/blocks/document-html.js';
import { parseDocument } from '../content/parse-document.js';
import type { PublishedStory } from '../store/stories/published-stories.js';
import type { StoryRecord } from '../store/stories/story-repository.js';

// The JSON shapes the APIs answer with. Field names follow the content bundle (SPEC §3);
// every answer adds `id` and `url`. Media URLs are absolute, built from SITE_URL.

interface MediaFields {
  key: string;
  file_stem: string;
  original_ext: string;
  mime: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  variants: string;
}

export function mediaJson(
  media: MediaFields & { id: number } & Partial<{ status: string; original_name: string; byte_size: number; created_at: string }>,
  siteUrl: string,
) {
  const variants = parseVariants(media.variants);
  // The largest JPEG: originals are kept but never served (they still carry EXIF).
  const largest = variants.filter((v) => v.format === 'jpeg').sort((a, b) => b.width - a.width)[0];
  return {
    id: media.key,
    media_id: media.id,
    url: largest ? `${siteUrl}/media/${largest.file}` : null,
    mime: media.mime,
    width: media.width,
    height: media.height,
    alt: media.alt,
    caption: media.caption,
    credit: media.credit,
    variants: variants.map((v) => ({ format: v.format, width: v.width, height: v.height, url: `${siteUrl}/media/${v.file}` })),
    ...(media.status !== undefined ? { status: media.status } : {}),
    ...(media.original_name !== undefined
      ? { original_name: media.original_name, byte_size: media.byte_size, created_at: media.created_at }
      : {}),
  };
}

/** A newsroom story: what PATCH accepts, plus its state and revision. */
export function adminArticleJson(story: StoryRecord, siteUrl: string) {
  return {
    id: story.id,
    url: `${siteUrl}/${story.slug}`,
    slug: story.slug,
    title: story.title,
    dek: story.dek,
    format: story.format,
    sections: story.sections,
    tags: story.tags.map((t) => t.slug),
    authors: story.authors,
    image: story.image,
    image_alt: story.image_alt,
    image_caption: story.image_caption,
    image_credit: story.image_credit,
    body: JSON.parse(story.body) as DocumentNode,
    excerpt: story.excerpt,
    seo_title: story.seo_title,
    seo_description: story.seo_description,
    related: story.related,
    status: story.status,
    stage: story.stage,
    published_at: story.published_at,
    updated_at: story.updated_at,
    publish_at: story.publish_at,
    unpublish_at: story.unpublish_at,
    revision: story.revision,
    created_at: story.created_at,
    modified_at: story.modified_at,
    modified_by: story.modified_by_name,
  };
}

/** A published story for readers' apps; `full` adds the body (HTML and document), notes and related. */
export function contentArticleJson(story: PublishedStory, siteUrl: string, full: boolean) {
  const base = {
    id: story.id,
    url: `${siteUrl}/${story.slug}`,
    slug: story.slug,
    title: story.title,
    dek: story.dek,
    excerpt: story.excerpt,
    format: story.format,
    sections: story.sections,
    tags: story.tags,
    authors: story.authors,
    image: story.image ? mediaJson(story.image, siteUrl) : null,
    published_at: story.published_at,
    updated_at: story.updated_at,
    seo_title: story.seo_title,
    seo_description: story.seo_description,
  };
  if (!full) return base;
  const doc = parseDocument(JSON.parse(story.body));
  return { ...base, body_html: renderDocumentHtml(doc), body: doc, updates: story.notes, related: story.related };
}

export function pageJson<T>(data: T[], page: number, perPage: number, total: number) {
  return { data, page, per_page: perPage, total, total_pages: Math.max(1, Math.ceil(total / perPage)) };
}
