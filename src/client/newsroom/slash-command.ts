import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

// Where blocks are inserted from the keyboard and the pointer: typing `/` at the start of
// an empty line opens the block menu (the slash is kept in the text until a block is
// chosen, so Escape leaves it there for whoever meant a slash), and a `+` button beside
// the empty line under the cursor serves the mouse. Both call `open` with the range a
// chosen block replaces. Only top-level lines: lists and quotes hold paragraphs, not
// images or embeds.
//
// The button lives beside the editable text, not in it: as a widget inside the empty
// paragraph it took the caret a browser places when the text is reached with Tab, and
// what was typed next was lost. It is placed at the line's height through the CSSOM
// (`style.top`), which the CSP allows; it sets no style attribute in markup.

export interface BlockTrigger {
  /** The slash typed, removed when a block is chosen; null for the `+` button. */
  slash: { from: number; to: number } | null;
}

const key = new PluginKey('blockTrigger');

/** The position of the empty top-level paragraph holding the cursor, or null. */
export function emptyLineAt(state: EditorState): number | null {
  const { selection } = state;
  if (!selection.empty) return null;
  const $from = selection.$from;
  if ($from.depth !== 1 || $from.parent.type.name !== 'paragraph' || $from.parent.content.size !== 0) return null;
  return $from.before();
}

function plusButton(open: (trigger: BlockTrigger) => void): HTMLElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'rte-plus';
  button.textContent = '+';
  button.setAttribute('aria-label', 'Insert a block');
  button.title = 'Insert a block (or type / on an empty line)';
  // Keyboard users have `/` and the toolbar's "Insert block"; inside the text this stays out of the Tab order.
  button.tabIndex = -1;
  button.contentEditable = 'false';
  button.addEventListener('mousedown', (event) => event.preventDefault());
  button.addEventListener('click', () => open({ slash: null }));
  return button;
}

export function blockTrigger(open: (editor: Editor, trigger: BlockTrigger) => void) {
  return Extension.create({
    name: 'blockTrigger',
    addProseMirrorPlugins() {
      const editor = this.editor;
      const start = (trigger: BlockTrigger) => open(editor, trigger);
      return [
        new Plugin({
          key,
          props: {
            handleTextInput(view, from, to, text) {
              if (text !== '/' || emptyLineAt(view.state) === null) return false;
              view.dispatch(view.state.tr.insertText('/', from, to));
              start({ slash: { from, to: from + 1 } });
              return true;
            },
          },
          view(editorView) {
            const button = plusButton(start);
            button.hidden = true;
            const host = editorView.dom.parentElement;
            host?.append(button);
            const place = (view: EditorView) => {
              const line = emptyLineAt(view.state);
              if (!host || line === null || !editor.isEditable) {
                button.hidden = true;
                return;
              }
              const top = view.coordsAtPos(line + 1).top - host.getBoundingClientRect().top;
              button.style.top = `${Math.round(top)}px`;
              button.hidden = false;
            };
            place(editorView);
            return { update: place, destroy: () => button.remove() };
          },
        }),
      ];
    },
  });
}
