import type { Editor } from '@tiptap/core';

// Word count and reading time under the body, in a polite live region. Counted on the
// text of the body's blocks (captions and credits are not read as the story), and
// announced only once typing pauses, so a screen reader is not interrupted per keystroke.

/** Words people read at an ordinary pace: the figure news sites commonly use. */
export const WORDS_PER_MINUTE = 230;
const ANNOUNCE_AFTER_MS = 1500;

// A word is a run of letters or digits, with the apostrophes and hyphens inside it
// ("don't", "well-known"); punctuation and dashes standing alone are not words.
const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}]|['’-](?=[\p{L}\p{N}]))*/gu;

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/** Whole minutes, at least one for any text at all. */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

export function describeLength(words: number): string {
  const count = `${words.toLocaleString('en-US')} word${words === 1 ? '' : 's'}`;
  const minutes = readingMinutes(words);
  return minutes === 0 ? count : `${count} · ${minutes} min read`;
}

export function createWordCount(editor: Editor): HTMLElement {
  const element = document.createElement('p');
  element.className = 'rte-word-count';
  element.setAttribute('role', 'status');
  element.setAttribute('aria-live', 'polite');
  const text = () => editor.state.doc.textBetween(0, editor.state.doc.content.size, ' ', ' ');
  element.textContent = describeLength(countWords(text()));
  let timer: number | undefined;
  editor.on('update', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      element.textContent = describeLength(countWords(text()));
    }, ANNOUNCE_AFTER_MS);
  });
  return element;
}
