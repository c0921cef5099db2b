import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

// Where blocks are inserted from the keyboard and the pointer: typing `/` at the start of
// an empty line opens the block menu (the slash is kept in the text until a block is
// chosen, so Escape leaves it there for whoever meant a slash), and a `+` button sits in
// the empty line under the cursor for the mouse. Both call `open` with the range a
// chosen block replaces. Only top-level lines: lists and quotes hold paragraphs, not
// images or embeds.

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
            decorations(state) {
              const line = emptyLineAt(state);
              if (line === null || !editor.isEditable) return null;
              return DecorationSet.create(state.doc, [
                Decoration.widget(line + 1, () => plusButton(start), { side: -1, key: 'plus', ignoreSelection: true }),
              ]);
            },
          },
        }),
      ];
    },
  });
}
