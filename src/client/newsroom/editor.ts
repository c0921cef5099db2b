import { Editor } from '@tiptap/core';
import type { DocumentNode } from '../../content/document.js';
import { documentMediaIds } from '../../content/document.js';
import { parseDocument } from '../../content/parse-document.js';
import { editorExtensions } from './editor-extensions.js';
import { MediaLibrary } from './media-library.js';
import { cleanPastedHtml } from './paste-cleaner.js';
import { toolbarItems } from './toolbar-items.js';
import { createToolbar } from './toolbar.js';

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
  const panelHost = document.createElement('div');
  panelHost.className = 'rte-panel-host';
  const mount = document.createElement('div');
  mount.className = 'rte-mount';
  const hint = document.createElement('p');
  hint.id = hintId;
  hint.className = 'rte-hint';
  hint.textContent = 'Alt+F10 moves to the toolbar. Pasted text keeps only headings, lists, quotes, bold, italic and links.';

  const editor = new Editor({
    element: mount,
    content,
    extensions: editorExtensions(library),
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
    },
  });

  const toolbar = createToolbar(editor, toolbarItems({ panelHost, library, refocus: () => toolbar.focus() }), 'Formatting');
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
  host.classList.add('rte');
  host.replaceChildren(toolbar.element, panelHost, mount, hint);
  textarea.hidden = true;
  toolbar.refresh();
  return editor;
}

const mountAll = (): void => {
  document.querySelectorAll<HTMLElement>('[data-rich-text-editor]').forEach((host) => {
    mountRichTextEditor(host);
  });
};
// Works whether the page loads the script with `defer`, at the end of the body or in the head.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll, { once: true });
else mountAll();
