import { diffWords } from 'diff';

// A readable comparison of two saved versions of a story: per field, the words removed
// and added. Bodies are compared as their plain text, which is what an editor reads.

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface FieldDiff {
  field: string;
  label: string;
  parts: DiffPart[];
}

export interface ComparableStory {
  title: string;
  dek: string;
  slug: string;
  bodyText: string;
  excerpt: string;
  format: string | null;
  sections: string[];
  tags: string[];
  authors: string[];
  image: string | null;
  seo_title: string;
  seo_description: string;
}

const FIELDS: Array<[keyof ComparableStory, string]> = [
  ['title', 'Headline'],
  ['dek', 'Dek'],
  ['slug', 'Address'],
  ['format', 'Format'],
  ['sections', 'Sections'],
  ['authors', 'Byline'],
  ['tags', 'Tags'],
  ['image', 'Lead image'],
  ['bodyText', 'Body'],
  ['excerpt', 'Excerpt'],
  ['seo_title', 'SEO title'],
  ['seo_description', 'SEO description'],
];

const asText = (value: ComparableStory[keyof ComparableStory]) => (Array.isArray(value) ? value.join(', ') : (value ?? ''));

/** Only the fields that differ, from `before` to `after`. */
export function diffStories(before: ComparableStory, after: ComparableStory): FieldDiff[] {
  return FIELDS.flatMap(([field, label]) => {
    const a = asText(before[field]);
    const b = asText(after[field]);
    if (a === b) return [];
    const parts = diffWords(a, b).map((change): DiffPart => ({
      kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
      text: change.value,
    }));
    return [{ field, label, parts }];
  });
}
