// The choices a picker (combobox.ts) lists for what the writer typed: pure functions,
// so the ranking and the "create" offers are tested without a browser.

export interface PickerOption {
  /** What the form posts (a slug). */
  value: string;
  /** What the writer reads: a tag's label carries its kind, "Ceasefire (topic)". */
  label: string;
  /** The bare name, to tell whether what was typed already exists. */
  name: string;
  kind?: string;
}

/** A line of the listbox: an existing option, or an offer to create a tag of a kind. */
export type PickerChoice = { type: 'option'; option: PickerOption } | { type: 'create'; name: string; kind: string };

export const PICKER_RESULTS = 20;

const fold = (text: string) => text.trim().toLocaleLowerCase();

/** Options whose label contains the text, those starting with it first, at most PICKER_RESULTS. */
export function filterOptions(options: PickerOption[], text: string): PickerOption[] {
  const q = fold(text);
  if (!q) return options.slice(0, PICKER_RESULTS);
  const starts: PickerOption[] = [];
  const contains: PickerOption[] = [];
  for (const option of options) {
    const label = fold(option.label);
    if (label.startsWith(q)) starts.push(option);
    else if (label.includes(q) || option.value.includes(q)) contains.push(option);
  }
  return [...starts, ...contains].slice(0, PICKER_RESULTS);
}

/**
 * The listbox's lines: the found options not chosen yet, then, when the picker may create
 * and no option has exactly the typed name, one "create" line per kind.
 */
export function pickerChoices(
  found: PickerOption[],
  chosen: readonly string[],
  text: string,
  createKinds: readonly string[],
): PickerChoice[] {
  const choices: PickerChoice[] = found.filter((o) => !chosen.includes(o.value)).map((option) => ({ type: 'option', option }));
  const name = text.trim().replace(/\s+/g, ' ');
  if (name && createKinds.length && !found.some((o) => fold(o.name) === fold(name))) {
    for (const kind of createKinds) choices.push({ type: 'create', name, kind });
  }
  return choices;
}

/** "a person", "an organization": how a "create" line names the kind. */
export const withArticle = (kind: string) => `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;

/** Moves the item at `from` by `step` places (−1 up, +1 down); outside the list changes nothing. */
export function moved<T>(items: readonly T[], from: number, step: number): T[] {
  const to = from + step;
  if (from < 0 || from >= items.length || to < 0 || to >= items.length) return [...items];
  const copy = [...items];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item as T);
  return copy;
}
