import type { Editor } from '@tiptap/core';
import { MEDIA_ENDPOINT, type MediaItem, type MediaLibrary } from './media-library.js';

// "Upload from inside the editor": an image file pasted, dropped or chosen with the
// toolbar's "Upload image" goes to the media library (POST /admin/media/upload.json, the
// library's own upload and checks), after a dialog asks for its alt text and credit; the
// new library image is then placed in the body where the file arrived. A refused file
// (too large, not an image) is explained and nothing is inserted: the node is only
// created from the server's answer. The picture's sizes are made by a job, so the
// preview appears when they are ready (`rte:media-ready`, media-image.ts listens).

export const UPLOAD_ENDPOINT = '/admin/media/upload.json';
export const MEDIA_READY_EVENT = 'rte:media-ready';
const SIZES_POLL_MS = 2000;
const SIZES_POLL_LIMIT = 60;

export interface UploadContext {
  editor: Editor;
  library: MediaLibrary;
  csrf: string;
  /** A polite live region near the editor for what happened. */
  say(text: string): void;
}

let dialogCount = 0;

function field(id: string, labelText: string, hint: string | null, control: HTMLInputElement | HTMLTextAreaElement): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'rte-field';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = labelText;
  control.id = id;
  wrap.append(label, control);
  if (hint) {
    const p = document.createElement('p');
    p.id = `${id}-hint`;
    p.className = 'rte-hint';
    p.textContent = hint;
    control.setAttribute('aria-describedby', p.id);
    wrap.append(p);
  }
  return wrap;
}

const sizeLabel = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** The server's reason, from JSON when it sent JSON, else from the status alone. */
async function refusalOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: unknown } } | null;
  if (typeof body?.error?.message === 'string') return body.error.message;
  if (response.status === 413) return 'The file is larger than this site accepts. Nothing was stored.';
  if (response.status === 401) return 'Your session has ended. Sign in again in another tab, then try once more.';
  if (response.status === 403) return 'The page had expired. Reload it and try again; nothing was stored.';
  return `The upload failed (the server answered ${response.status}). Nothing was stored.`;
}

/** Asks until the library has the picture's sizes, then tells the image nodes showing it. */
function awaitSizes(library: MediaLibrary, id: number, tries = 0): void {
  window.setTimeout(() => {
    fetch(`${MEDIA_ENDPOINT}?ids=${id}`, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? (response.json() as Promise<{ items?: MediaItem[] }>) : { items: [] }))
      .then(({ items }) => {
        const item = items?.find((candidate) => candidate.id === id && typeof candidate.url === 'string' && candidate.url.startsWith('/'));
        if (!item) {
          if (tries + 1 < SIZES_POLL_LIMIT) awaitSizes(library, id, tries + 1);
          return;
        }
        library.remember(item);
        window.dispatchEvent(new CustomEvent<MediaItem>(MEDIA_READY_EVENT, { detail: item }));
      })
      .catch(() => {
        if (tries + 1 < SIZES_POLL_LIMIT) awaitSizes(library, id, tries + 1);
      });
  }, SIZES_POLL_MS);
}

/**
 * The dialog for one file, then the upload, then the image at `position` (where it was
 * pasted or dropped; the cursor's position when absent).
 */
export function uploadImageFile(context: UploadContext, file: File, position?: number): void {
  const { editor } = context;
  if (!file.type.startsWith('image/')) {
    context.say(`“${file.name}” is not an image, so it was not added. Paste or drop a JPEG, PNG, WebP, AVIF or GIF.`);
    return;
  }
  const at = position ?? editor.state.selection.from;
  const id = `rte-upload-${(dialogCount += 1)}`;
  const dialog = document.createElement('dialog');
  dialog.className = 'rte-dialog';
  dialog.setAttribute('aria-labelledby', `${id}-title`);
  const form = document.createElement('form');
  form.method = 'dialog';
  form.noValidate = true;
  const title = document.createElement('h2');
  title.id = `${id}-title`;
  title.textContent = 'Add this image to the library and the story';
  const about = document.createElement('p');
  about.className = 'rte-hint';
  about.textContent = `${file.name || 'Pasted image'} (${sizeLabel(file.size)})`;
  const alt = document.createElement('textarea');
  alt.rows = 2;
  alt.required = true;
  alt.setAttribute('aria-required', 'true');
  const credit = document.createElement('input');
  credit.type = 'text';
  const caption = document.createElement('input');
  caption.type = 'text';
  const error = document.createElement('p');
  error.className = 'rte-error';
  error.setAttribute('role', 'alert');
  const actions = document.createElement('div');
  actions.className = 'rte-panel-actions';
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.textContent = 'Upload and insert';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  actions.append(submit, cancel);
  form.append(
    title,
    about,
    field(`${id}-alt`, 'Alt text (required)', 'What the picture shows, for people who cannot see it.', alt),
    field(`${id}-credit`, 'Credit', 'Who took or owns it, e.g. “Photo: Ada Lovelace / Harbour Times”.', credit),
    field(`${id}-caption`, 'Caption (optional)', null, caption),
    error,
    actions,
  );
  dialog.append(form);

  let busy = false;
  const close = () => {
    dialog.close();
    dialog.remove();
    editor.commands.focus();
  };
  cancel.addEventListener('click', () => {
    if (!busy) {
      close();
      context.say('Upload cancelled; nothing was added.');
    }
  });
  dialog.addEventListener('cancel', (event) => {
    // Escape: the same as Cancel, except while the file is on its way.
    event.preventDefault();
    if (!busy) close();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    if (!alt.value.trim()) {
      error.textContent = 'Describe the image first: alt text is what people who cannot see it read.';
      alt.setAttribute('aria-invalid', 'true');
      alt.focus();
      return;
    }
    alt.removeAttribute('aria-invalid');
    busy = true;
    submit.disabled = true;
    error.textContent = '';
    about.textContent = `Uploading ${file.name || 'the image'}…`;
    const body = new FormData();
    // Text first, the file last: the server checks the session before reading the bytes.
    body.append('alt', alt.value);
    body.append('credit', credit.value);
    body.append('caption', caption.value);
    body.append('file', file, file.name || 'pasted-image');
    fetch(UPLOAD_ENDPOINT, { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': context.csrf }, body })
      .then(async (response) => {
        if (!response.ok) throw new Error(await refusalOf(response));
        const answer = (await response.json()) as { id?: unknown };
        if (typeof answer.id !== 'number' || !Number.isSafeInteger(answer.id))
          throw new Error('The server did not say which image it stored.');
        return answer.id;
      })
      .then((mediaId) => {
        close();
        const end = editor.state.doc.content.size;
        editor
          .chain()
          .focus()
          .insertContentAt(Math.min(at, end), { type: 'image', attrs: { mediaId, caption: null, credit: null, alt: null } })
          .run();
        context.say('Image uploaded to the library and placed in the story. Its preview appears once its sizes are made.');
        awaitSizes(context.library, mediaId);
      })
      .catch((problem: unknown) => {
        busy = false;
        submit.disabled = false;
        about.textContent = `${file.name || 'Pasted image'} (${sizeLabel(file.size)})`;
        error.textContent = problem instanceof Error ? problem.message : 'The upload failed. Nothing was stored.';
        submit.focus();
      });
  });

  document.body.append(dialog);
  dialog.showModal();
  alt.focus();
}

/** Image files among what was pasted or dropped (the first one: one dialog at a time). */
export function imageFileOf(data: DataTransfer | null): File | null {
  const files = Array.from(data?.files ?? []);
  return files[0] ?? null;
}

/** The "Upload image" button: the system's file chooser, then the same dialog. */
export function chooseImageFile(context: UploadContext): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = 'image/jpeg,image/png,image/webp,image/avif,image/gif';
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) uploadImageFile(context, file);
  });
  input.click();
}
