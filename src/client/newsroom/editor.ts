import { Editor } from '@tiptap/core';
import type { DocumentNode } from '../../content/document.js';
import { documentMediaIds } from '../../content/document.js';
import { parseDocument } from '../../content/parse-document.js';
import { blockItems } from './block-items.js';
import { openBlockMenu } from './block-menu.js';
import { editorExtensions } from './editor-extensions.js';
import { chooseImageFile, imageFileOf, uploadImageFile, type UploadContext } from './image-upload.js';
import { MediaLibrary } from './media-library.js';
import { cleanPastedHtml } from './paste-cleaner.js';
import { startPresence } from './presence.js';
import { installSaveShortcuts, openPreview } from './save-shortcuts.js';
import type { BlockTrigger } from './slash-command.js';
import './story-page.js';
import './lead-image-picker.js';
import './media-status.js';
import { toolbarItems, type Context } from './toolbar-items.js';
import { createToolbar } from './toolbar.js';
import { createWordCount } from './word-count.js';

// The newsroom's story body editor. Contract with the editor page:
//   <label for="body">Body</label>
//   <textarea name="body" id="body">{stored document JSON}</textarea>   (the no-JS fallback)
//   <div data-rich-text-editor data-input="body"></div>
// This hides the textarea, mounts TipTap in the div with its document, and on every
// change writes the document back into the textarea as JSON (in the model's canonical
// form, parseDocument) and dispatches a bubbling `input` event on it, so the form posts
// it and autosave can listen. The server parses every save again: nothing here is trusted.

function readInitial(textarea: HTMLTextAreaElement): DocumentNode {
  let value: unknown = null;
  try {
    value = JSON.parse(textarea.value);
  } catch {
    // An empty or broken field starts an empty story.
  }
  const doc = parseDocument(value);
  // ProseMirror's document needs at least one block.
  return doc.content.length > 0 ? doc : { type: 'doc', content: [{ type: 'paragraph' }] };
}

function labelIdFor(textarea: HTMLTextAreaElement): string | null {
  const label = textarea.id ? document.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(textarea.id)}"]`) : null;
  if (!label) return null;
  label.id ||= `${textarea.id}-label`;
  return label.id;
}

export function mountRichTextEditor(host: HTMLElement): Editor | null {
  const name = host.dataset.input ?? '';
  const textarea = document.getElementById(name) ?? host.closest('form')?.querySelector(`textarea[name="${CSS.escape(name)}"]`);
  if (!(textarea instanceof HTMLTextAreaElement)) return null;

  const library = new MediaLibrary();
  const content = readInitial(textarea);
  // One request for the previews of every image the story already shows.
  for (const id of documentMediaIds(content)) void library.lookup(id);

  const labelId = labelIdFor(textarea);
  const hintId = `${textarea.id || name}-editor-hint`;
  const form = host.closest('form');
  const csrf = form?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  // The story's preview (story-preview-routes.ts), once it exists (autosave names it).
  const previewUrl = form?.dataset.autosave?.replace(/\/autosave$/, '/preview') ?? null;
  const panelHost = document.createElement('div');
  panelHost.className = 'rte-panel-host';
  const mount = document.createElement('div');
  mount.className = 'rte-mount';
  const hint = document.createElement('p');
  hint.id = hintId;
  hint.className = 'rte-hint';
  hint.textContent =
    'Type / on an empty line to insert a block; Markdown works (## heading, > quote, - list, **bold**, _italic_). ' +
    `Alt+F10 moves to the toolbar; Ctrl+S saves${previewUrl ? '; Ctrl+Alt+P previews' : ''}. Paste or drop an image file to upload it.`;
  // What the editor did on its own (an upload placed, a file refused), said politely.
  const status = document.createElement('p');
  status.className = 'rte-status';
  status.setAttribute('role', 'status');

  let uploads: UploadContext | null = null;
  const openBlocks = (editor: Editor, trigger: BlockTrigger): void => {
    const backToText = () => editor.commands.focus();
    openBlockMenu({
      host: panelHost,
      items: blockItems({ ...context, refocus: backToText }),
      choose: (item) => {
        const { slash } = trigger;
        // The slash that opened the menu goes; the block takes its empty line.
        if (slash && editor.state.doc.textBetween(slash.from, slash.to) === '/')
          editor.chain().focus().deleteRange(slash).setTextSelection(slash.from).run();
        item.run(editor);
      },
      onClose: backToText,
    });
  };

  const editor = new Editor({
    element: mount,
    content,
    extensions: editorExtensions(library, openBlocks),
    // The newsroom's CSP allows no inline styles: ProseMirror's base CSS is in newsroom.css.
    injectCSS: false,
    editorProps: {
      attributes: {
        class: 'rte-content',
        role: 'textbox',
        'aria-multiline': 'true',
        ...(labelId ? { 'aria-labelledby': labelId } : { 'aria-label': 'Story body' }),
        'aria-describedby': hintId,
      },
      transformPastedHTML: cleanPastedHtml,
      handleKeyDown: (_view, event) => {
        if (event.altKey && event.key === 'F10') {
          toolbar.focus();
          return true;
        }
        return false;
      },
      // An image file goes to the library first (image-upload.ts). Text wins when there is
      // any: Word and others put a picture of the copied text beside it on the clipboard.
      handlePaste: (view, event) => {
        const file = imageFileOf(event.clipboardData);
        if (!file || !uploads || event.clipboardData?.getData('text/plain')) return false;
        uploadImageFile(uploads, file, view.state.selection.from);
        return true;
      },
      handleDrop: (view, event, _slice, moved) => {
        const file = moved ? null : imageFileOf(event.dataTransfer);
        if (!file || !uploads) return false;
        event.preventDefault();
        uploadImageFile(uploads, file, view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos);
        return true;
      },
    },
  });
  uploads = { editor, library, csrf, say: (text) => (status.textContent = text) };

  const context: Context = {
    panelHost,
    library,
    refocus: () => toolbar.focus(),
    openBlockMenu: () => openBlocks(editor, { slash: null }),
    uploadImage: () => chooseImageFile(uploads),
  };
  const items = toolbarItems(context);
  if (form && previewUrl) items.push({ label: 'Preview', keys: 'Ctrl+Alt+P', run: () => openPreview(form, previewUrl) });
  const toolbar = createToolbar(editor, items, 'Formatting');
  editor.on('transaction', () => toolbar.refresh());
  editor.on('update', () => {
    textarea.value = JSON.stringify(parseDocument(editor.getJSON()));
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });

  // The page's label names the field; with the textarea hidden, it leads to the editor.
  if (labelId)
    document.getElementById(labelId)?.addEventListener('click', (event) => {
      event.preventDefault();
      editor.commands.focus();
    });
  if (form) installSaveShortcuts(form, previewUrl);
  host.classList.add('rte');
  host.replaceChildren(toolbar.element, panelHost, mount, createWordCount(editor), status, hint);
  textarea.hidden = true;
  toolbar.refresh();
  return editor;
}

const mountAll = (): void => {
  document.querySelectorAll<HTMLElement>('[data-rich-text-editor]').forEach((host) => {
    mountRichTextEditor(host);
  });
  // The soft lock's notice (render/newsroom/presence-notice.tsx), on the story editor.
  document.querySelectorAll<HTMLElement>('[data-story-presence]').forEach(startPresence);
};
// Works whether the page loads the script with `defer`, at the end of the body or in the head.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll, { once: true });
else mountAll();
