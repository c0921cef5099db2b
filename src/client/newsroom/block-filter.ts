// Type-to-filter for the block menu (`/` and `+`): what the writer typed after the slash
// matches a block's name or one of its other names, at the start of a word, so "h2",
// "quote" or "hr" find what a writer coming from Markdown or another editor expects.

export interface Filterable {
  label: string;
  keywords: readonly string[];
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** The items matching `query`, in their own order; every item for an empty query. */
export function filterBlocks<T extends Filterable>(items: readonly T[], query: string): T[] {
  const wanted = words(query);
  if (wanted.length === 0) return [...items];
  return items.filter((item) => {
    const names = [...words(item.label), ...item.keywords.flatMap(words), ...item.keywords.map((k) => k.toLowerCase())];
    // Every typed word must start one of the item's names ("pull q" finds "Pull quote").
    return wanted.every((w) => names.some((name) => name.startsWith(w)));
  });
}
