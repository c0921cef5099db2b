import { DomUtils, parseDocument } from 'htmlparser2';
import type { Restriction, SourceImage, SourceState, SourceStory } from '../source-model.js';
import { ghostBody } from './ghost-body.js';
import { ghostInstant } from './ghost-dates.js';
import { ghostUrl } from './ghost-html.js';
import type { PostMetaRow, PostRow } from './ghost-rows.js';

export interface StoryLinks {
  /** User ids in byline order. */
  authors: string[];
  /** Tag ids in the post's order. */
  tags: string[];
  meta: PostMetaRow | null;
}

/** One Ghost post or page as a source story. Code injection and the canonical URL are never read here. */
export function ghostStory(post: PostRow, links: StoryLinks): SourceStory {
  const body = ghostBody(post);
  const slug = post.slug ?? '';
  return {
    sourceId: post.id,
    type: post.type === 'page' || (post.type == null && !!post.page) ? 'page' : 'post',
    title: post.title ?? '',
    slug,
    dek: '',
    excerpt: post.custom_excerpt ?? '',
    bodyHtml: body.html,
    state: ghostState(post.status),
    restriction: ghostRestriction(post.visibility),
    publishedAt: ghostInstant(post.published_at),
    updatedAt: ghostInstant(post.updated_at),
    createdAt: ghostInstant(post.created_at),
    authors: links.authors,
    sections: [],
    tags: links.tags,
    leadImage: leadImage(post, links.meta),
    seoTitle: links.meta?.meta_title ?? post.meta_title ?? '',
    seoDescription: links.meta?.meta_description ?? post.meta_description ?? '',
    // Ghost's default routes serve posts and pages alike at /{slug}/.
    oldUrls: slug === '' ? [] : [`/${slug}/`],
    parentSourceId: null,
    warnings: body.warnings,
  };
}

/** `sent` is an email-only post that was delivered; Ghost shows it on the site when published. */
export function ghostState(status: string | null | undefined): SourceState {
  switch (status) {
    case 'published':
    case 'sent':
      return 'published';
    case 'scheduled':
      return 'scheduled';
    default:
      return 'draft';
  }
}

export function ghostRestriction(visibility: string | null | undefined): Restriction | null {
  switch (visibility) {
    case 'members':
      return 'members';
    case 'paid':
    case 'tiers':
      return 'paid';
    default:
      return null;
  }
}

function leadImage(post: PostRow, meta: PostMetaRow | null): SourceImage | null {
  const url = ghostUrl(post.feature_image);
  if (url === null) return null;
  const caption = meta?.feature_image_caption ?? post.feature_image_caption ?? '';
  return {
    sourceId: null,
    url,
    alt: meta?.feature_image_alt ?? post.feature_image_alt ?? '',
    caption: htmlToText(caption),
    credit: '',
    title: '',
  };
}

/** Ghost's captions are HTML (`Photo: <i>staff</i>`); the lead image keeps the words only. */
function htmlToText(html: string): string {
  return DomUtils.textContent(parseDocument(html)).replace(/\s+/g, ' ').trim();
}
