import type { Mark } from './document.js';

/**
 * One order for marks, outermost first: the renderer nests tags in this order and
 * stored mark arrays are kept in it, so equal text always serialises the same way.
 */
export const MARK_ORDER = ['link', 'bold', 'italic', 'code'] as const satisfies readonly Mark['type'][];

/**
 * Deduplicates marks (the last link wins, as the innermost `<a>` does) and applies
 * TipTap's rule that the code mark excludes every other mark (`excludes: '_'` in
 * @tiptap/extension-code); a document breaking it fails the editor's content check.
 * Where code and a link meet, the link is kept: it carries the information (the
 * URL), the code mark only styling.
 */
export function canonicalMarks(marks: readonly Mark[]): Mark[] {
  const byType = new Map<Mark['type'], Mark>();
  for (const mark of marks) byType.set(mark.type, mark);
  const link = byType.get('link');
  const code = byType.get('code');
  if (link !== undefined) byType.delete('code');
  else if (code !== undefined) return [code];
  return MARK_ORDER.flatMap((type) => byType.get(type) ?? []);
}

/** A key equal for equal mark sets, for merging neighbouring text. */
export function marksKey(marks: readonly Mark[] | undefined): string {
  return (marks ?? []).map((mark) => (mark.type === 'link' ? `link:${mark.attrs.href}` : mark.type)).join('|');
}
