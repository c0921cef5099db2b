// Cmd/Ctrl+S saves the story and Cmd/Ctrl+Alt+P opens its preview, from anywhere in the
// story form (the body, the headline, the settings). Saving goes through the page's own
// path: autosave's "save now" (autosave.ts listens for SAVE_NOW_EVENT on the form and
// answers SAVED_EVENT) on a story that exists, the form's own submit on a new one. The
// browser's "Save page as" dialog never opens over the story.

export const SAVE_NOW_EVENT = 'masthead:save-now';
export const SAVED_EVENT = 'masthead:saved';
const PREVIEW_WINDOW = 'masthead-preview';
const SAVE_WAIT_MS = 4000;

const isSave = (event: KeyboardEvent) =>
  (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 's';
// By physical key: with Alt (Option on a Mac) held, `event.key` is another character.
const isPreview = (event: KeyboardEvent) => (event.ctrlKey || event.metaKey) && event.altKey && !event.shiftKey && event.code === 'KeyP';

/** Saves now; resolves once the save is answered (or at once when there is nothing to wait for). */
export function saveNow(form: HTMLFormElement): Promise<void> {
  if (!form.dataset.autosave) {
    // A new story: creating the draft is the save (the page reloads as its editor).
    form.requestSubmit();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      window.clearTimeout(timer);
      form.removeEventListener(SAVED_EVENT, done);
      resolve();
    };
    const timer = window.setTimeout(done, SAVE_WAIT_MS);
    form.addEventListener(SAVED_EVENT, done);
    form.dispatchEvent(new CustomEvent(SAVE_NOW_EVENT));
  });
}

/** The preview of a saved story, in one reused tab, after saving what is on screen. */
export function openPreview(form: HTMLFormElement, previewUrl: string): void {
  // Opened now, while the key press still counts as the person's gesture; pointed at the preview once saved.
  const tab = window.open('', PREVIEW_WINDOW);
  void saveNow(form).then(() => {
    if (tab) tab.location.href = previewUrl;
    else window.location.href = previewUrl;
  });
}

export function installSaveShortcuts(form: HTMLFormElement, previewUrl: string | null): void {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented) return;
    if (isSave(event)) {
      event.preventDefault();
      void saveNow(form);
    } else if (isPreview(event) && previewUrl) {
      event.preventDefault();
      openPreview(form, previewUrl);
    }
  });
}
