// "Did you mean …?" for misspelt names: each query word that is not itself a word of a
// known name is swapped for the closest name word within a small edit distance.
// Names are few (tags and authors), so a plain scan is fast enough.

export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Only a search that found nothing is offered a correction: beside results, "did you
 * mean" reads as if the results were wrong.
 */
export function offersCorrection(found: number): boolean {
  return found === 0;
}

/** Short words have too many near neighbours to guess at. */
function allowedEdits(word: string): number {
  if (word.length < 4) return 0;
  return word.length >= 8 ? 2 : 1;
}

const nameWords = (name: string) =>
  name
    .normalize('NFC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The query's words with misspelt ones corrected, or null when nothing was corrected.
 * `names` are tag and author names ("Calder Whitlow"); the answer keeps their spelling.
 */
export function suggestCorrection(words: string[], names: string[]): string | null {
  const vocabulary = new Map<string, string>();
  for (const name of names) {
    const lower = nameWords(name);
    const original = name.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
    lower.forEach((w, i) => vocabulary.set(w, original[i] ?? w));
  }
  let changed = false;
  const corrected = words.map((word) => {
    if (vocabulary.has(word)) return vocabulary.get(word)!;
    const limit = allowedEdits(word);
    let best: { word: string; distance: number } | null = null;
    for (const [candidate, shown] of vocabulary) {
      const distance = editDistance(word, candidate, limit);
      if (distance <= limit && (!best || distance < best.distance)) best = { word: shown, distance };
    }
    if (!best) return word;
    changed = true;
    return best.word;
  });
  return changed ? corrected.join(' ') : null;
}
