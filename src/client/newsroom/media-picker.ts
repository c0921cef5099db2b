import type { MediaItem, MediaLibrary } from './media-library.js';
import { mediaSearchPanel, thumbnail } from './media-search-panel.js';

// Choosing an image from the media library: a search field and the matching images as
// buttons (thumbnail and its alt text or caption). Escape or Cancel closes it.

export function openMediaPicker(options: {
  host: HTMLElement;
  library: MediaLibrary;
  choose(item: MediaItem): void;
  onClose(): void;
}): void {
  const close = (): void => {
    picker.panel.remove();
    options.onClose();
  };
  const picker = mediaSearchPanel({
    name: 'Insert an image from the media library',
    inputId: 'rte-picker-q',
    library: options.library,
    resultsClass: 'rte-picker-results',
    hint: 'Choose one to insert it.',
    result: (item) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.append(...thumbnail(item));
      button.addEventListener('click', () => {
        options.library.remember(item);
        options.choose(item);
        close();
      });
      return [button];
    },
    close,
  });
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', close);
  picker.open(options.host, [cancel]);
}
