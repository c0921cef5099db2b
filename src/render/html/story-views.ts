import type { DocumentNode } from '../../content/document.js';
import { parseDocument } from '../../content/parse-document.js';
import { imageView, type StoredMedia } from '../../media/image-view.js';
import { firstParagraphText } from '../blocks/document-text.js';
import type { BriefView, KickerView, RelatedStoryView, StoryCardView } from './view-model.js';

// From stored stories to the view models pages and the newsletter draw. Pure: no queries
// here. The site and the newsletter both build their cards from these functions.

/** What a card shows of a story, as the store loads it (store/'s CardRecord has this shape). */
export interface CardRecord {
  article: {
    id: number;
    slug: string;
    title: string;
    dek: string;
    excerpt: string;
    format_id: number | null;
    published_at: string | null;
    created_at: string;
  };
  sections: Array<{ id: number; slug: string; name: string }>;
  authors: Array<{ slug: string; name: string }>;
  image: StoredMedia | null;
  /** The stored document as JSON text, for excerpts that fall back to the first paragraph. */
  body: string;
}

export interface FormatInfo {
  name: string;
  schemaType: string;
}

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
  return firstParagraphOf(card.article.id, card.body) || card.article.dek;
}

// A body's first paragraph, remembered per story: every article page shows the same
// Latest and briefs cards, and parsing each one's whole body again for its first
// paragraph was most of a card's cost. Kept only while the body is the same text (a
// string comparison, far cheaper than the parse), and for a bounded number of stories.
const FIRST_PARAGRAPHS_KEPT = 256;
const firstParagraphs = new Map<number, { body: string; text: string }>();

function firstParagraphOf(id: number, body: string): string {
  const known = firstParagraphs.get(id);
  firstParagraphs.delete(id);
  if (known && known.body === body) {
    firstParagraphs.set(id, known); // most recently used last
    return known.text;
  }
  const text = firstParagraphText(readDocument(body));
  if (firstParagraphs.size >= FIRST_PARAGRAPHS_KEPT) firstParagraphs.delete(firstParagraphs.keys().next().value!);
  firstParagraphs.set(id, { body, text });
  return text;
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
