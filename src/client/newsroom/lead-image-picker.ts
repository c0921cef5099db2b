// The lead image picker (render/newsroom/lead-image-field.tsx): with JavaScript the
// select of recent images gives way to a "Choose image…" button that opens a modal
// dialog. Its search field is a combobox over a listbox of thumbnails from
// GET /admin/media.json?q= (the whole library, newest first): arrow keys move, Enter
// picks, Escape closes, and focus goes back to the button. Picking sets the select (the
// form posts it, autosave hears the change) and shows the image's library text as the
// default the story's own caption, credit and alt replace. Answers are data from
// outside: only same-origin thumbnails are shown, and text is set as text.

interface Choice {
  key: string;
  url: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
}

const ENDPOINT = '/admin/media.json';
const SEARCH_DELAY_MS = 200;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const size = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0);

function choiceOf(value: unknown): Choice | null {
  if (typeof value !== 'object' || value === null) return null;
  const item = value as Record<string, unknown>;
  const key = str(item.key);
  const url = str(item.url);
  if (!key || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return null;
  return {
    key,
    url,
    alt: str(item.alt),
    caption: str(item.caption),
    credit: str(item.credit),
    width: size(item.width),
    height: size(item.height),
  };
}

async function searchLibrary(text: string, signal: AbortSignal): Promise<Choice[]> {
  const response = await fetch(`${ENDPOINT}?q=${encodeURIComponent(text)}`, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal,
  });
  if (!response.ok) throw new Error(`The media library answered ${response.status}.`);
  const body = (await response.json()) as { items?: unknown };
  return Array.isArray(body.items) ? body.items.flatMap((item) => choiceOf(item) ?? []) : [];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function enhance(field: HTMLElement): void {
  const select = field.querySelector<HTMLSelectElement>('select[name="image"]');
  const dialog = field.querySelector<HTMLDialogElement>('[data-lead-image-dialog]');
  const open = field.querySelector<HTMLButtonElement>('[data-lead-image-open]');
  const clear = field.querySelector<HTMLButtonElement>('[data-lead-image-clear]');
  const actions = field.querySelector<HTMLElement>('[data-lead-image-actions]');
  const selectRow = field.querySelector<HTMLElement>('[data-lead-image-select]');
  const preview = field.querySelector<HTMLElement>('[data-lead-image-preview]');
  const search = dialog?.querySelector<HTMLInputElement>('input[type="search"]');
  const list = dialog?.querySelector<HTMLUListElement>('[role="listbox"]');
  const status = dialog?.querySelector<HTMLElement>('[data-lead-image-status]');
  const cancel = dialog?.querySelector<HTMLButtonElement>('[data-lead-image-cancel]');
  if (!select || !dialog || !open || !clear || !actions || !selectRow || !preview || !search || !list || !status || !cancel) return;
  if (typeof dialog.showModal !== 'function') return; // the select stays

  let choices: Choice[] = [];
  let active = -1;
  let pending: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The text the listed images answer; null before the first answer. */
  let searched: string | null = null;
  /** Enter came before the answer to what was typed: pick from that answer. */
  let pickOnAnswer = false;

  selectRow.hidden = true;
  actions.hidden = false;

  const optionId = (index: number) => `lead-image-option-${index}`;

  const setActive = (index: number): void => {
    active = choices.length === 0 ? -1 : Math.max(0, Math.min(choices.length - 1, index));
    list.querySelectorAll('[role="option"]').forEach((node, i) => node.classList.toggle('is-active', i === active));
    if (active < 0) search.removeAttribute('aria-activedescendant');
    else {
      search.setAttribute('aria-activedescendant', optionId(active));
      document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
    }
  };

  const show = (items: Choice[]): void => {
    choices = items;
    status.textContent = items.length === 0 ? 'No image matches.' : `${items.length} image${items.length === 1 ? '' : 's'}.`;
    list.replaceChildren(
      ...items.map((item, index) => {
        const option = element('li', 'lead-image-choice');
        option.id = optionId(index);
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', String(item.key === select.value));
        const img = element('img', '');
        img.src = item.url;
        img.alt = '';
        if (item.width && item.height) {
          img.width = item.width;
          img.height = item.height;
        }
        const text = element('span', 'lead-image-choice-text');
        text.append(element('span', 'lead-image-choice-alt', item.alt || `No alt text (${item.key})`));
        if (item.caption) text.append(element('span', 'lead-image-choice-caption', item.caption));
        text.append(element('span', 'lead-image-choice-credit', item.credit ? `Credit: ${item.credit}` : 'No credit'));
        option.append(img, text);
        // mousedown keeps focus in the search field, as the combobox pattern wants.
        option.addEventListener('mousedown', (event) => event.preventDefault());
        option.addEventListener('click', () => pick(item));
        return option;
      }),
    );
    const current = items.findIndex((item) => item.key === select.value);
    setActive(current >= 0 ? current : 0);
  };

  const run = (): void => {
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    const text = search.value.trim();
    status.textContent = 'Searching…';
    searchLibrary(text, controller.signal).then(
      (items) => {
        searched = text;
        show(items);
        const item = choices[active];
        if (pickOnAnswer && item) pick(item);
        pickOnAnswer = false;
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        status.textContent = error instanceof Error ? error.message : 'The media library could not be searched.';
      },
    );
  };

  /** The library's text as the default each own-text field replaces. */
  const showDefaults = (item: Choice | null): void => {
    const library = { 'alt text': item?.alt ?? '', caption: item?.caption ?? '', credit: item?.credit ?? '' };
    field.querySelectorAll<HTMLElement>('[data-library-hint]').forEach((hint) => {
      const what = hint.dataset.libraryHint as keyof typeof library;
      const value = library[what];
      hint.textContent = value ? `Leave empty to use the library's ${what}: “${value}”.` : `The library has no ${what} for this image.`;
    });
  };

  const showPreview = (item: Choice | null): void => {
    if (!item) {
      preview.replaceChildren(element('p', 'lead-image-none', 'No lead image yet.'));
      return;
    }
    const figure = element('figure', 'lead-image-current');
    const img = element('img', '');
    img.src = item.url;
    img.alt = '';
    if (item.width && item.height) {
      img.width = item.width;
      img.height = item.height;
    }
    figure.append(img, element('figcaption', '', item.alt || `No alt text yet (${item.key})`));
    preview.replaceChildren(figure);
  };

  const choose = (item: Choice | null): void => {
    const key = item?.key ?? '';
    if (key && ![...select.options].some((o) => o.value === key)) {
      // Older than the images the page listed: the select learns it, so the form posts it.
      select.add(new Option(`${item!.alt || key}${item!.credit ? ` — ${item!.credit}` : ''}`, key));
    }
    select.value = key;
    select.dispatchEvent(new Event('input', { bubbles: true }));
    select.dispatchEvent(new Event('change', { bubbles: true }));
    showPreview(item);
    showDefaults(item);
    open.textContent = key ? 'Change image…' : 'Choose image…';
    clear.hidden = !key;
  };

  const pick = (item: Choice): void => {
    choose(item);
    dialog.close();
  };

  open.addEventListener('click', () => {
    search.value = '';
    searched = null;
    pickOnAnswer = false;
    choices = [];
    list.replaceChildren();
    dialog.showModal();
    search.focus();
    run();
  });
  clear.addEventListener('click', () => {
    choose(null);
    open.focus();
  });
  cancel.addEventListener('click', () => dialog.close());
  // Escape closes this dialog only: the settings panel around it stays open.
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    dialog.close();
  });
  dialog.addEventListener('close', () => {
    pending?.abort();
    clearTimeout(timer);
    open.focus();
  });
  // A click on the backdrop (outside the dialog's box) closes it, as Escape does.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  search.addEventListener('input', () => {
    pickOnAnswer = false;
    clearTimeout(timer);
    timer = setTimeout(run, SEARCH_DELAY_MS);
  });
  search.addEventListener('keydown', (event) => {
    const moves: Record<string, () => number> = {
      ArrowDown: () => active + 1,
      ArrowUp: () => active - 1,
      Home: () => 0,
      End: () => choices.length - 1,
      PageDown: () => active + 5,
      PageUp: () => active - 5,
    };
    const move = moves[event.key];
    if (move && choices.length) {
      event.preventDefault();
      setActive(move());
    } else if (event.key === 'Enter') {
      // Never the story form's submit: Enter picks, or searches now.
      event.preventDefault();
      const item = choices[active];
      if (search.value.trim() !== searched) {
        // Typed faster than the search: search now and pick from its answer.
        clearTimeout(timer);
        pickOnAnswer = true;
        run();
      } else if (item) pick(item);
    }
  });
}

document.querySelectorAll<HTMLElement>('[data-lead-image-picker]').forEach(enhance);
