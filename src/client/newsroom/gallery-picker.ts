import type { Editor } from '@tiptap/core';
import { MAX_GALLERY_IMAGES } from '../../content/parse-document.js';
import type { MediaItem, MediaLibrary } from './media-library.js';
import { mediaSearchPanel, thumbnail } from './media-search-panel.js';

// Choosing the pictures of a new gallery: the library's search with a checkbox per
// image, and "Insert gallery" once at least two are ticked (one picture is an image, not
// a gallery). Ticks survive new searches, so a gallery can gather pictures found under
// different words. Escape or Cancel closes it and nothing is inserted.

const MIN_IMAGES = 2;
const MAX_IMAGES = MAX_GALLERY_IMAGES;

export function openGalleryPicker(editor: Editor, options: { panelHost: HTMLElement; library: MediaLibrary; refocus(): void }): void {
  const chosen = new Map<number, MediaItem>();
  const close = (): void => {
    picker.panel.remove();
    options.refocus();
  };
  const picker = mediaSearchPanel({
    name: 'Make a gallery from the media library',
    inputId: 'rte-gallery-q',
    library: options.library,
    resultsClass: 'rte-picker-results rte-gallery-results',
    hint: 'Tick the ones to show together.',
    result: (item) => {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = `rte-gallery-${item.id}`;
      box.checked = chosen.has(item.id);
      const tick = document.createElement('label');
      tick.htmlFor = box.id;
      tick.append(...thumbnail(item));
      box.addEventListener('change', () => {
        if (box.checked) chosen.set(item.id, item);
        else chosen.delete(item.id);
        count();
      });
      return [box, tick];
    },
    close,
  });
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

  insert.addEventListener('click', () => {
    if (chosen.size < MIN_IMAGES || chosen.size > MAX_IMAGES) {
      error.textContent = `Tick between ${MIN_IMAGES} and ${MAX_IMAGES} images for a gallery (one picture is an image: use Image instead).`;
      return;
    }
    for (const item of chosen.values()) options.library.remember(item);
    const images = [...chosen.keys()].map((mediaId) => ({ mediaId, caption: null, credit: null, alt: null }));
    picker.panel.remove();
    editor
      .chain()
      .focus()
      .insertContent({ type: 'gallery', attrs: { images, caption: null } })
      .run();
  });
  cancel.addEventListener('click', close);
  picker.open(options.panelHost, [error, actions]);
}
