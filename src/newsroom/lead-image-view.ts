import type { LeadImageChoice, LeadImageView } from '../render/newsroom/lead-image-field.js';
import { findMediaByKey } from '../store/media/media-lookup.js';
import type { StoryRecord } from '../store/stories/story-repository.js';
import type { Db } from '../store/store.js';

// The editor's lead image field: the recent library images it offers, the chosen one
// (looked up when it is older than those), and the story's own text for it. A refused
// form shows what was typed.

interface LibraryRow {
  key: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
  variants: string;
}

/** The smallest JPEG variant, same-origin, or null while the sizes are being made. */
export function thumbOf(variantsJson: string): string | null {
  const variants = JSON.parse(variantsJson) as Array<{ format: string; width: number; file: string }>;
  const jpegs = variants.filter((v) => v.format === 'jpeg').sort((a, b) => a.width - b.width);
  return jpegs[0] ? `/media/${jpegs[0].file}` : null;
}

export function leadImageChoice(row: LibraryRow): LeadImageChoice {
  return {
    key: row.key,
    thumb: thumbOf(row.variants),
    width: row.width,
    height: row.height,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
  };
}

type Draft = Record<string, unknown>;
const typed = (draft: Draft | undefined, key: string, fallback: string | null | undefined): string => {
  const value = draft && key in draft ? draft[key] : fallback;
  return typeof value === 'string' ? value : '';
};

export async function leadImageView(db: Db, story: StoryRecord | null, images: LibraryRow[], draft?: Draft): Promise<LeadImageView> {
  const choices = images.map(leadImageChoice);
  const selected = typed(draft, 'image', story?.image);
  let chosen = choices.find((c) => c.key === selected) ?? null;
  if (!chosen && selected) {
    const row = await findMediaByKey(db, selected);
    chosen = row ? leadImageChoice(row) : null;
  }
  return {
    selected,
    chosen,
    own: {
      alt: typed(draft, 'image_alt', story?.image_alt),
      caption: typed(draft, 'image_caption', story?.image_caption),
      credit: typed(draft, 'image_credit', story?.image_credit),
    },
    choices,
  };
}
