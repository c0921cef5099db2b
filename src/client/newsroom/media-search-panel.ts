import type { MediaItem, MediaLibrary } from './media-library.js';

// The panel both library pickers of the body editor share (one image, or the pictures of
// a gallery): a search form, a polite status line, the matching images as list items, and
// Escape to close. What a result is (a button, a checkbox) and what the panel does with
// the choice stay with each picker.

export interface MediaSearchPanelOptions {
  /** The panel's accessible name. */
  name: string;
  /** Unique per picker: the search field's id. */
  inputId: string;
  library: MediaLibrary;
  resultsClass: string;
  /** Said after the count of results ("Choose one to insert it."). */
  hint: string;
  /** The content of one result's list item. */
  result(item: MediaItem): HTMLElement[];
  close(): void;
}

export interface MediaSearchPanel {
  panel: HTMLElement;
  /** Shows the panel in `host`, with its own elements followed by `extra`, and runs the empty search. */
  open(host: HTMLElement, extra: HTMLElement[]): void;
}

/** A result's picture and its words: the alt text, else the caption, else its number. */
export function thumbnail(item: MediaItem): HTMLElement[] {
  const img = document.createElement('img');
  img.src = item.url;
  img.alt = '';
  if (item.width && item.height) {
    img.width = item.width;
    img.height = item.height;
  }
  const name = document.createElement('span');
  name.textContent = item.alt || item.caption || `Image ${item.id}`;
  return [img, name];
}

export function mediaSearchPanel(options: MediaSearchPanelOptions): MediaSearchPanel {
  const panel = document.createElement('div');
  panel.className = 'rte-panel rte-picker';
  panel.setAttribute('role', 'group');
  panel.setAttribute('aria-label', options.name);
  const form = document.createElement('form');
  form.setAttribute('role', 'search');
  const label = document.createElement('label');
  label.htmlFor = options.inputId;
  label.textContent = 'Search the media library';
  const input = document.createElement('input');
  input.type = 'search';
  input.id = options.inputId;
  const search = document.createElement('button');
  search.type = 'submit';
  search.textContent = 'Search';
  form.append(label, input, search);
  const status = document.createElement('p');
  status.className = 'rte-hint';
  status.setAttribute('role', 'status');
  const results = document.createElement('ul');
  results.className = options.resultsClass;

  const show = (items: MediaItem[]): void => {
    status.textContent =
      items.length === 0 ? 'No image matches.' : `${items.length} image${items.length === 1 ? '' : 's'}. ${options.hint}`;
    results.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement('li');
        li.append(...options.result(item));
        return li;
      }),
    );
  };
  const run = (): void => {
    status.textContent = 'Searching…';
    options.library.search(input.value.trim()).then(show, (problem: unknown) => {
      status.textContent = problem instanceof Error ? problem.message : 'The media library could not be searched.';
    });
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      options.close();
    }
  });
  return {
    panel,
    open(host, extra) {
      panel.append(form, status, results, ...extra);
      host.replaceChildren(panel);
      input.focus();
      run();
    },
  };
}
