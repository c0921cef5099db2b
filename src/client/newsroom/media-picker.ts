import type { MediaItem, MediaLibrary } from './media-library.js';

// Choosing an image from the media library: a search field and the matching images as
// buttons (thumbnail and its alt text or caption). Escape or Cancel closes it.

export function openMediaPicker(options: {
  host: HTMLElement;
  library: MediaLibrary;
  choose(item: MediaItem): void;
  onClose(): void;
}): void {
  const panel = document.createElement('div');
  panel.className = 'rte-panel rte-picker';
  panel.setAttribute('role', 'group');
  panel.setAttribute('aria-label', 'Insert an image from the media library');
  const form = document.createElement('form');
  form.setAttribute('role', 'search');
  const label = document.createElement('label');
  label.htmlFor = 'rte-picker-q';
  label.textContent = 'Search the media library';
  const input = document.createElement('input');
  input.type = 'search';
  input.id = 'rte-picker-q';
  const search = document.createElement('button');
  search.type = 'submit';
  search.textContent = 'Search';
  form.append(label, input, search);
  const status = document.createElement('p');
  status.className = 'rte-hint';
  status.setAttribute('role', 'status');
  const results = document.createElement('ul');
  results.className = 'rte-picker-results';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';

  const close = (): void => {
    panel.remove();
    options.onClose();
  };
  const show = (items: MediaItem[]): void => {
    status.textContent =
      items.length === 0 ? 'No image matches.' : `${items.length} image${items.length === 1 ? '' : 's'}. Choose one to insert it.`;
    results.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        const img = document.createElement('img');
        img.src = item.url;
        img.alt = '';
        if (item.width && item.height) {
          img.width = item.width;
          img.height = item.height;
        }
        const name = document.createElement('span');
        name.textContent = item.alt || item.caption || `Image ${item.id}`;
        button.append(img, name);
        button.addEventListener('click', () => {
          options.library.remember(item);
          options.choose(item);
          close();
        });
        li.append(button);
        return li;
      }),
    );
  };
  const run = (): void => {
    status.textContent = 'Searching…';
    options.library.search(input.value.trim()).then(show, (error: unknown) => {
      status.textContent = error instanceof Error ? error.message : 'The media library could not be searched.';
    });
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  cancel.addEventListener('click', close);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  panel.append(form, status, results, cancel);
  options.host.replaceChildren(panel);
  input.focus();
  run();
}
