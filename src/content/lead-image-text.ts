// A story's lead image shows the library's alt text, caption and credit unless the story
// wrote its own (issue 13), as a body image's attrs override them for that one use. The
// library's text is the default; a blank or missing own text keeps it. This is the one
// place that rule lives: the reader's page, cards, feeds, the content API and the
// pre-publish checklist all see the image through it.

export interface ImageText {
  alt: string;
  caption: string;
  credit: string;
}

/** A story's own text for its lead image; null (or blank) keeps the library's. */
export interface OwnImageText {
  alt: string | null;
  caption: string | null;
  credit: string | null;
}

export const NO_OWN_IMAGE_TEXT: OwnImageText = { alt: null, caption: null, credit: null };

const own = (value: string | null | undefined): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** The image as this story shows it: the library's row with the story's own text laid over it. */
export function withOwnImageText<T extends ImageText>(library: T, story: Partial<OwnImageText>): T {
  return {
    ...library,
    alt: own(story.alt) ?? library.alt,
    caption: own(story.caption) ?? library.caption,
    credit: own(story.credit) ?? library.credit,
  };
}

/** The stored columns of a story as its own text (blank means none). */
export function ownImageTextOf(row: { image_alt: string | null; image_caption: string | null; image_credit: string | null }): OwnImageText {
  return { alt: own(row.image_alt), caption: own(row.image_caption), credit: own(row.image_credit) };
}
