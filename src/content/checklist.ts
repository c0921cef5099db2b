// The pre-publish checklist: what a story must have before it can go live, and what
// an editor should be reminded of. Blocking items stop publish and schedule.

export interface ChecklistInput {
  title: string;
  hasFormat: boolean;
  sectionCount: number;
  /** Bylines: author profiles the story carries. */
  authorCount: number;
  bodyHasText: boolean;
  leadImage: { alt: string; credit: string } | null;
  /** Every image the body uses. */
  bodyImages: Array<{ key: string; alt: string }>;
  dek: string;
  tagCount: number;
  excerpt: string;
}

export interface ChecklistItem {
  id: string;
  label: string;
  ok: boolean;
}

export interface Checklist {
  required: ChecklistItem[];
  recommended: ChecklistItem[];
  /** True when every required item is ok. */
  ready: boolean;
}

export function checkStory(story: ChecklistInput): Checklist {
  const required: ChecklistItem[] = [
    { id: 'title', label: 'A headline', ok: story.title.trim().length > 0 },
    { id: 'format', label: 'A format (reporting, analysis…)', ok: story.hasFormat },
    { id: 'section', label: 'At least one section', ok: story.sectionCount > 0 },
    { id: 'byline', label: 'A byline (at least one author)', ok: story.authorCount > 0 },
    { id: 'body', label: 'A body with text', ok: story.bodyHasText },
    { id: 'image', label: 'A lead image', ok: story.leadImage !== null },
    { id: 'image-alt', label: 'Alt text on the lead image', ok: !!story.leadImage && story.leadImage.alt.trim().length > 0 },
    { id: 'image-credit', label: 'A credit on the lead image', ok: !!story.leadImage && story.leadImage.credit.trim().length > 0 },
    {
      id: 'body-image-alt',
      label: 'Alt text on every image in the body',
      ok: story.bodyImages.every((image) => image.alt.trim().length > 0),
    },
  ];
  const recommended: ChecklistItem[] = [
    { id: 'dek', label: 'A dek under the headline', ok: story.dek.trim().length > 0 },
    { id: 'tags', label: 'Tags (people, places, organizations, topics)', ok: story.tagCount > 0 },
    { id: 'excerpt', label: 'An excerpt for cards and feeds', ok: story.excerpt.trim().length > 0 },
  ];
  return { required, recommended, ready: required.every((item) => item.ok) };
}
