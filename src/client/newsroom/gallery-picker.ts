import type { Editor } from '@tiptap/core';
import { MAX_GALLERY_IMAGES } from '../../content/parse-document.js';
import type { MediaItem, MediaLibrary } from './media-library.js';

// Choosing the pictures of a new gallery: the library's search with a checkbox per
// image, and "Insert gallery" once at least two are ticked (one picture is an image, not
// a gallery). Ticks survive new searches, so a gallery can gather pictures found under
// different words. Escape or Cancel closes it and nothing is inserted.

const MIN_IMAGES = 2;
const MAX_IMAGES = MAX_GALLERY_IMAGES;

export function openGalleryPicker(editor: Editor, options: { panelHost: HTMLElement; library: MediaLibrary; refocus(): void }): void {
  const chosen = new Map<number, MediaItem>();
  const panel = document.createElement('div');
  panel.className = 'rte-panel rte-picker';
  panel.setAttribute('role', 'group');
  panel.setAttribute('aria-label', 'Make a gallery from the media library');
  const form = document.createElement('form');
  form.setAttribute('role', 'search');
  const label = document.createElement('label');
  label.htmlFor = 'rte-gallery-q';
  label.textContent = 'Search the media library';
  const input = document.createElement('input');
  input.type = 'search';
  input.id = 'rte-gallery-q';
  const search = document.createElement('button');
  search.type = 'submit';
  search.textContent = 'Search';
  form.append(label, input, search);
  const status = document.createElement('p');
  status.className = 'rte-hint';
  status.setAttribute('role', 'status');
  const results = document.createElement('ul');
  results.className = 'rte-picker-results rte-gallery-results';
  const error = document.createElement('p');
  error.className = 'rte-error';
  error.setAttribute('role', 'alert');
  const actions = document.createElement('div');
  actions.className = 'rte-panel-actions';
  const insert = document.createElement('button');
  insert.type = 'button';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  actions.append(insert, cancel);
  const count = () => {
    insert.textContent = `Insert gallery (${chosen.size} image${chosen.size === 1 ? '' : 's'})`;
  };
  count();

  const close = (): void => {
    panel.remove();
    options.refocus();
  };
  const show = (items: MediaItem[]): void => {
    status.textContent =
      items.length === 0 ? 'No image matches.' : `${items.length} image${items.length === 1 ? '' : 's'}. Tick the ones to show together.`;
    results.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement('li');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.id = `rte-gallery-${item.id}`;
        box.checked = chosen.has(item.id);
        const tick = document.createElement('label');
        tick.htmlFor = box.id;
        const img = document.createElement('img');
        img.src = item.url;
        img.alt = '';
        if (item.width && item.height) {
          img.width = item.width;
          img.height = item.height;
        }
        const name = document.createElement('span');
        name.textContent = item.alt || item.caption || `Image ${item.id}`;
        tick.append(img, name);
        box.addEventListener('change', () => {
          if (box.checked) chosen.set(item.id, item);
          else chosen.delete(item.id);
          count();
        });
        li.append(box, tick);
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
  insert.addEventListener('click', () => {
    if (chosen.size < MIN_IMAGES || chosen.size > MAX_IMAGES) {
      error.textContent = `Tick between ${MIN_IMAGES} and ${MAX_IMAGES} images for a gallery (one picture is an image: use Image instead).`;
      return;
    }
    for (const item of chosen.values()) options.library.remember(item);
    const images = [...chosen.keys()].map((mediaId) => ({ mediaId, caption: null, credit: null, alt: null }));
    panel.remove();
    editor
      .chain()
      .focus()
      .insertContent({ type: 'gallery', attrs: { images, caption: null } })
      .run();
  });
  cancel.addEventListener('click', close);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  panel.append(form, status, results, error, actions);
  options.panelHost.replaceChildren(panel);
  input.focus();
  run();
}
