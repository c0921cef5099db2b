import type { DocumentNode } from '../content/document.js';
import { imageView } from '../media/image-view.js';
import { firstParagraphText } from '../render/blocks/document-text.js';
import { parseDocument } from '../render/blocks/parse-document.js';
import type { BriefView, KickerView, RelatedStoryView, StoryCardView } from '../render/view-model.js';
import type { CardRecord } from '../store/reader-repository.js';

// From store records to the view models render/ draws. Pure: no queries here.

export interface FormatInfo { name: string; schemaType: string }

export function readDocument(json: string): DocumentNode {
  try {
    return parseDocument(JSON.parse(json));
  } catch {
    return parseDocument(null);
  }
}

export function kickerView(card: CardRecord, formats: Map<number, FormatInfo>): KickerView {
  const format = card.article.format_id !== null ? formats.get(card.article.format_id) : undefined;
  return {
    format: format?.name ?? null,
    sections: card.sections.map((s) => ({ label: s.name, href: `/section/${s.slug}` })),
  };
}

/** The excerpt, or the first paragraph standing in for it (SPEC §3). */
export function excerptOf(card: CardRecord): string {
  if (card.article.excerpt) return card.article.excerpt;
  return firstParagraphText(readDocument(card.body)) || card.article.dek;
}

export function cardView(card: CardRecord, formats: Map<number, FormatInfo>): StoryCardView {
  const { article } = card;
  return {
    href: `/${article.slug}`,
    slug: article.slug,
    title: article.title,
    dek: article.dek || null,
    excerpt: excerptOf(card),
    kicker: kickerView(card, formats),
    image: card.image ? imageView(card.image) : null,
    authors: card.authors.map((a) => ({ label: a.name, href: `/author/${a.slug}` })),
    publishedAt: article.published_at ?? article.created_at,
  };
}

export function relatedView(card: CardRecord, formats: Map<number, FormatInfo>): RelatedStoryView {
  return { ...cardView(card, formats), bodyFragmentHref: `/${card.article.slug}/body` };
}

export function briefView(card: CardRecord): BriefView {
  return {
    href: `/${card.article.slug}`,
    title: card.article.title,
    excerpt: excerptOf(card),
    publishedAt: card.article.published_at ?? card.article.created_at,
  };
}
