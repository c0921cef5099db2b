import { filterOptions, moved, pickerChoices, withArticle, type PickerChoice, type PickerOption } from './picker-options.js';

// The story editor's pickers for sections, tags and bylines: the WAI-ARIA 1.2 combobox
// pattern (an input with role=combobox and a listbox popup, list autocomplete with the
// first match highlighted), chips with real remove buttons, and reordering by "Move up"
// buttons or Alt+Up / Alt+Down on a chip.
//
// Contract with the editor page (src/render/newsroom/story-editor-page.tsx):
//   <div data-picker="tags" data-label="Tags" data-hint="…" data-carrier="f-tags"
//        data-source="/admin/tags.json" data-create="person organization place topic"
//        data-primary="f-primary">   (data-source, data-create and data-primary optional)
//     …the plain fields, which are what the form posts without JavaScript…
//   </div>
// The carrier is the plain <select multiple>: it stays the value, hidden. Every change
// selects the chosen options in chip order (adding an option for a tag found by search),
// so the form and autosave post the same field names as before. With data-primary, that
// select holds the first chip (the primary section). The server checks every save again.

interface PickerSetup {
  host: HTMLElement;
  noun: string;
  label: string;
  hint: string;
  carrier: HTMLSelectElement;
  primary: HTMLSelectElement | null;
  source: string | null;
  createKinds: string[];
}

const SEARCH_DELAY_MS = 150;
let pickers = 0;

const element = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}): HTMLElementTagNameMap[K] =>
  Object.assign(document.createElement(tag), props);

function optionOf(option: HTMLOptionElement): PickerOption {
  return {
    value: option.value,
    label: option.textContent ?? option.value,
    name: option.dataset.name ?? option.textContent ?? option.value,
  };
}

function csrfOf(form: HTMLFormElement | null): string {
  return (form?.elements.namedItem('_csrf') as HTMLInputElement | null)?.value ?? '';
}

class Picker {
  private chosen: PickerOption[];
  private choices: PickerChoice[] = [];
  private active = -1;
  private searching: AbortController | null = null;
  private timer: number | undefined;
  private readonly id: string;
  private readonly root = element('div', { className: 'combo' });
  private readonly chips = element('ul', { className: 'combo-chips' });
  private readonly input = element('input', { type: 'text', className: 'combo-input', autocomplete: 'off' });
  private readonly listbox = element('ul', { className: 'combo-listbox' });
  private readonly status = element('p', { className: 'visually-hidden' });

  constructor(private readonly setup: PickerSetup) {
    this.id = `${setup.carrier.id || 'picker'}-combo-${++pickers}`;
    this.chosen = this.readChosen();
    this.build();
    this.renderChips();
  }

  /** The primary select's option first (when there is one), then the carrier's selected ones in order. */
  private readChosen(): PickerOption[] {
    const { carrier, primary } = this.setup;
    const first = primary?.selectedOptions[0];
    const list = [...(first && first.value ? [first] : []), ...Array.from(carrier.selectedOptions)].map(optionOf);
    return list.filter((o, i) => o.value && list.findIndex((p) => p.value === o.value) === i);
  }

  private build(): void {
    const { label, hint, noun } = this.setup;
    const labelEl = element('label', { className: 'combo-label', htmlFor: `${this.id}-input`, id: `${this.id}-label`, textContent: label });
    const hintEl = element('p', { className: 'hint', id: `${this.id}-hint`, textContent: hint });
    this.chips.setAttribute('aria-label', `Chosen ${noun}s`);
    this.input.id = `${this.id}-input`;
    this.input.setAttribute('role', 'combobox');
    this.input.setAttribute('aria-autocomplete', 'list');
    this.input.setAttribute('aria-expanded', 'false');
    this.input.setAttribute('aria-controls', `${this.id}-listbox`);
    this.input.setAttribute('aria-describedby', `${this.id}-hint`);
    this.listbox.id = `${this.id}-listbox`;
    this.listbox.setAttribute('role', 'listbox');
    this.listbox.setAttribute('aria-labelledby', `${this.id}-label`);
    this.listbox.hidden = true;
    this.status.setAttribute('role', 'status');
    const box = element('div', { className: 'combo-box' });
    box.append(this.input, this.listbox);
    this.root.append(labelEl, hintEl, this.chips, box, this.status);

    this.input.addEventListener('input', () => this.scheduleSearch());
    this.input.addEventListener('keydown', (event) => this.onKey(event));
    this.input.addEventListener('blur', () => this.close());
    // Keep the focus in the input while a pointer picks an option.
    this.listbox.addEventListener('mousedown', (event) => event.preventDefault());
    this.listbox.addEventListener('click', (event) => {
      const line = (event.target as Element).closest<HTMLElement>('[role="option"]');
      if (line) void this.pick(Number(line.dataset.index));
    });
    this.chips.addEventListener('click', (event) => this.onChipButton(event));
    this.chips.addEventListener('keydown', (event) => this.onChipKey(event));

    this.setup.host.hidden = true;
    this.setup.host.before(this.root);
  }

  // ---- searching ----------------------------------------------------------------------

  private scheduleSearch(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.search(), this.setup.source ? SEARCH_DELAY_MS : 0);
  }

  /** Searches for what is typed and opens the list; `highlightFirst` when the arrow key asked for it. */
  private async search(highlightFirst = false): Promise<void> {
    const text = this.input.value;
    this.searching?.abort();
    const controller = new AbortController();
    this.searching = controller;
    let found: PickerOption[];
    try {
      found = await this.find(text, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return;
      // The newsroom cannot be reached: the options the page holds are still worth offering.
      found = this.findHere(text);
      this.say(
        `Searching failed (${error instanceof Error ? error.message : 'no answer'}); showing the ${this.setup.noun}s this page knows.`,
      );
    }
    if (controller.signal.aborted || document.activeElement !== this.input) return;
    this.choices = pickerChoices(
      found,
      this.chosen.map((o) => o.value),
      text,
      this.setup.createKinds,
    );
    this.open(text.trim() || highlightFirst ? 0 : -1);
  }

  private async find(text: string, signal: AbortSignal): Promise<PickerOption[]> {
    if (!this.setup.source) return this.findHere(text);
    const response = await fetch(`${this.setup.source}?q=${encodeURIComponent(text.trim())}`, { credentials: 'same-origin', signal });
    if (!response.ok) throw new Error(`the newsroom answered ${response.status}`);
    const answer = (await response.json()) as { items?: PickerOption[] };
    return answer.items ?? [];
  }

  private findHere(text: string): PickerOption[] {
    return filterOptions(Array.from(this.setup.carrier.options).map(optionOf), text);
  }

  // ---- the listbox --------------------------------------------------------------------

  private open(active: number): void {
    const { noun } = this.setup;
    this.listbox.replaceChildren(
      ...this.choices.map((choice, index) => {
        const line = element('li', { id: `${this.id}-option-${index}`, className: 'combo-option' });
        line.setAttribute('role', 'option');
        line.dataset.index = String(index);
        if (choice.type === 'option') line.textContent = choice.option.label;
        else {
          line.classList.add('combo-create');
          line.textContent = `Create ${noun} “${choice.name}” as ${withArticle(choice.kind)}`;
        }
        return line;
      }),
    );
    if (this.choices.length === 0) {
      this.close();
      this.say(this.input.value.trim() ? `No ${noun} matches “${this.input.value.trim()}”.` : `No more ${noun}s to add.`);
      return;
    }
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.setActive(active);
    const found = this.choices.filter((c) => c.type === 'option').length;
    this.say(
      `${found} ${noun}${found === 1 ? '' : 's'} found${found < this.choices.length ? ', or create one' : ''}. Up and down arrows choose, Enter adds.`,
    );
  }

  private close(): void {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
  }

  private get isOpen(): boolean {
    return !this.listbox.hidden;
  }

  private setActive(index: number): void {
    this.active = index;
    this.listbox.querySelectorAll<HTMLElement>('[role="option"]').forEach((line, i) => {
      line.setAttribute('aria-selected', String(i === index));
      if (i === index) line.scrollIntoView({ block: 'nearest' });
    });
    if (index >= 0) this.input.setAttribute('aria-activedescendant', `${this.id}-option-${index}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private onKey(event: KeyboardEvent): void {
    const count = this.choices.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!this.isOpen) void this.search(true);
        else this.setActive((this.active + 1) % count);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (this.isOpen) this.setActive(this.active <= 0 ? count - 1 : this.active - 1);
        break;
      case 'Enter':
        // A picker never sends the form: Enter takes the highlighted line.
        event.preventDefault();
        if (this.isOpen && this.active >= 0) void this.pick(this.active);
        break;
      case 'Escape':
        if (this.isOpen) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = '';
        }
        break;
      case 'Backspace':
        if (!this.input.value && this.chosen.length) {
          event.preventDefault();
          this.focusChip(this.chosen.length - 1, 'remove');
        }
        break;
      default:
    }
  }

  private async pick(index: number): Promise<void> {
    const choice = this.choices[index];
    if (!choice) return;
    this.close();
    const option = choice.type === 'option' ? choice.option : await this.create(choice.name, choice.kind);
    if (!option) return;
    if (!this.chosen.some((o) => o.value === option.value)) this.chosen.push(option);
    this.input.value = '';
    this.commit(`${this.capitalNoun} ${option.label} added; ${this.chosen.length} chosen.`);
    this.input.focus();
  }

  private async create(name: string, kind: string): Promise<PickerOption | null> {
    this.say(`Creating ${this.setup.noun} ${name}…`);
    try {
      const form = this.setup.carrier.form;
      const response = await fetch(this.setup.source!, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfOf(form) },
        body: JSON.stringify({ name, kind }),
      });
      const answer = (await response.json().catch(() => null)) as { item?: PickerOption; error?: { message?: string } } | null;
      if (response.ok && answer?.item) return answer.item;
      this.say(answer?.error?.message ?? `The ${this.setup.noun} was not created: the newsroom answered ${response.status}.`, true);
    } catch {
      this.say(`The ${this.setup.noun} was not created: the newsroom cannot be reached.`, true);
    }
    return null;
  }

  // ---- chips --------------------------------------------------------------------------

  private get capitalNoun(): string {
    return this.setup.noun[0]!.toUpperCase() + this.setup.noun.slice(1);
  }

  private get orderable(): boolean {
    return this.setup.noun !== 'tag';
  }

  private renderChips(): void {
    const { noun, primary } = this.setup;
    this.chips.hidden = this.chosen.length === 0;
    this.chips.replaceChildren(
      ...this.chosen.map((option, index) => {
        const chip = element('li', { className: 'combo-chip' });
        chip.dataset.index = String(index);
        chip.append(element('span', { className: 'combo-chip-label', textContent: option.label }));
        if (primary && index === 0) chip.append(element('span', { className: 'combo-chip-note', textContent: 'primary' }));
        if (this.orderable && index > 0) chip.append(this.chipButton('up', '↑', `Move ${option.label} up`));
        chip.append(this.chipButton('remove', '×', `Remove ${noun} ${option.label}`));
        return chip;
      }),
    );
  }

  private chipButton(action: 'up' | 'remove', symbol: string, name: string): HTMLButtonElement {
    const button = element('button', { type: 'button', className: `combo-chip-${action}` });
    button.dataset.action = action;
    button.append(element('span', { textContent: symbol }), element('span', { className: 'visually-hidden', textContent: name }));
    button.firstElementChild!.setAttribute('aria-hidden', 'true');
    return button;
  }

  private onChipButton(event: MouseEvent): void {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const index = Number(button?.closest<HTMLElement>('.combo-chip')?.dataset.index);
    if (!button || Number.isNaN(index)) return;
    if (button.dataset.action === 'remove') this.remove(index);
    else this.move(index, -1);
  }

  private onChipKey(event: KeyboardEvent): void {
    const index = Number((event.target as Element).closest<HTMLElement>('.combo-chip')?.dataset.index);
    if (Number.isNaN(index)) return;
    if (this.orderable && event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      this.move(index, event.key === 'ArrowUp' ? -1 : 1);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      this.remove(index);
    }
  }

  private remove(index: number): void {
    const [gone] = this.chosen.splice(index, 1);
    if (!gone) return;
    this.commit(`${this.capitalNoun} ${gone.label} removed; ${this.chosen.length} chosen.`);
    if (this.chosen.length) this.focusChip(Math.min(index, this.chosen.length - 1), 'remove');
    else this.input.focus();
  }

  private move(index: number, step: number): void {
    const next = moved(this.chosen, index, step);
    if (next[index] === this.chosen[index]) return;
    this.chosen = next;
    const at = index + step;
    const label = this.chosen[at]!.label;
    this.commit(
      `${label} moved to place ${at + 1} of ${this.chosen.length}${this.setup.primary && at === 0 ? ', the primary section' : ''}.`,
    );
    this.focusChip(at, at === 0 ? 'remove' : 'up');
  }

  private focusChip(index: number, action: 'up' | 'remove'): void {
    this.chips.querySelector<HTMLButtonElement>(`.combo-chip[data-index="${index}"] [data-action="${action}"]`)?.focus();
  }

  /** Writes the chips into the plain fields the form posts, redraws them, and tells autosave. */
  private commit(message: string): void {
    const { carrier, primary } = this.setup;
    const byValue = new Map(Array.from(carrier.options).map((o) => [o.value, o]));
    for (const option of carrier.options) option.selected = false;
    // The chosen options first, in chip order: a select posts its values in document order.
    for (const chosen of [...this.chosen].reverse()) {
      let option = byValue.get(chosen.value);
      if (!option) {
        option = new Option(chosen.label, chosen.value);
        option.dataset.name = chosen.name;
      }
      carrier.insertBefore(option, carrier.firstChild);
      option.selected = true;
    }
    if (primary) {
      const first = this.chosen[0];
      if (first && !Array.from(primary.options).some((o) => o.value === first.value)) primary.add(new Option(first.label, first.value));
      primary.value = first?.value ?? '';
    }
    this.renderChips();
    this.say(message);
    carrier.dispatchEvent(new Event('change', { bubbles: true }));
  }

  private say(message: string, alert = false): void {
    this.status.setAttribute('role', alert ? 'alert' : 'status');
    this.status.textContent = message;
  }
}

/** Turns every `[data-picker]` group on the page into a picker. */
export function mountPickers(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('[data-picker]').forEach((host) => {
    const carrier = document.getElementById(host.dataset.carrier ?? '');
    if (!(carrier instanceof HTMLSelectElement) || host.hidden) return;
    const primary = document.getElementById(host.dataset.primary ?? '');
    const noun = (host.dataset.picker ?? 'item').replace(/s$/, '');
    new Picker({
      host,
      noun,
      label: host.dataset.label ?? noun,
      hint: host.dataset.hint ?? '',
      carrier,
      primary: primary instanceof HTMLSelectElement ? primary : null,
      source: host.dataset.source ?? null,
      createKinds: (host.dataset.create ?? '').split(/\s+/).filter(Boolean),
    });
  });
}
