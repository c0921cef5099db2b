// What a reader typed into the search box, reduced to words the engines cannot
// misread. Quotes make a phrase, a leading "-" excludes, a trailing "*" searches by
// prefix; everything else (stray quotes, lone operators, FTS syntax such as NEAR, ^, :,
// parentheses) is read as plain words. Words are runs of letters and digits, which is
// how both engines' tokenizers split text, so a word can never carry query syntax.

export const MAX_QUERY_LENGTH = 200;

export type SearchTerm =
  { kind: 'word'; word: string; prefix: boolean; exclude: boolean } | { kind: 'phrase'; words: string[]; exclude: boolean };

export interface SearchQuery {
  /** The text as typed, trimmed: shown back in the search box. */
  text: string;
  terms: SearchTerm[];
}

export type QueryParse = { ok: true; query: SearchQuery } | { ok: false; reason: string };

const WORD = /[\p{L}\p{N}]+/gu;

function wordsOf(text: string): string[] {
  return (text.normalize('NFC').match(WORD) ?? []).map((w) => w.toLowerCase());
}

/** One whitespace-separated chunk outside quotes: "-iran", "whitl*", "foo:bar". */
function chunkTerms(chunk: string): SearchTerm[] {
  const exclude = chunk.startsWith('-');
  const words = wordsOf(chunk);
  if (words.length === 0) return [];
  // "foo:bar" or "a+b" are several words; only a single word takes the operators.
  if (words.length > 1) return words.map((word) => ({ kind: 'word', word, prefix: false, exclude: false }));
  const prefix = /[\p{L}\p{N}]\*+$/u.test(chunk);
  return [{ kind: 'word', word: words[0]!, prefix, exclude }];
}

export function parseSearchQuery(raw: unknown): QueryParse {
  const text = typeof raw === 'string' ? raw.trim() : Array.isArray(raw) ? '' : '';
  if (text.length > MAX_QUERY_LENGTH) {
    return { ok: false, reason: `Searches can be at most ${MAX_QUERY_LENGTH} characters long.` };
  }
  const terms: SearchTerm[] = [];
  // A quote starts a phrase only when a closing quote follows; a lone quote is ignored.
  const parts = text.split('"');
  const closed = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  parts.forEach((part, index) => {
    const insideQuotes = index % 2 === 1 && index < closed;
    if (insideQuotes) {
      const words = wordsOf(part);
      const before = parts[index - 1] ?? '';
      const exclude = /(^|\s)-$/.test(before);
      if (words.length === 1) terms.push({ kind: 'word', word: words[0]!, prefix: false, exclude });
      else if (words.length > 1) terms.push({ kind: 'phrase', words, exclude });
      return;
    }
    for (const chunk of part.split(/\s+/)) terms.push(...chunkTerms(chunk));
  });
  return { ok: true, query: { text, terms: dedupe(terms) } };
}

function dedupe(terms: SearchTerm[]): SearchTerm[] {
  const seen = new Set<string>();
  return terms.filter((term) => {
    const key = JSON.stringify(term);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A query the engines can run needs at least one word to look for: NOT alone matches nothing useful. */
export function hasPositiveTerms(query: SearchQuery): boolean {
  return query.terms.some((term) => !term.exclude);
}

/** The plain words of a query (no exclusions), for "did you mean". */
export function positiveWords(query: SearchQuery): string[] {
  return query.terms.flatMap((term) => (term.exclude ? [] : term.kind === 'word' ? [term.word] : term.words));
}
