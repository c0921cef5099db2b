import type { Editor } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';

// A labelled text field inside a node view (caption, credit, alt, attribution) that
// writes one attribute of its node. ProseMirror must leave its events and DOM changes
// alone (stopEvent / ignoreMutation in the node views).

export interface AttrField {
  element: HTMLElement;
  input: HTMLInputElement;
  /** Shows the node's current value, unless the person is typing in the field. */
  sync(node: PmNode): void;
}

let fieldCount = 0;

export function attrField(options: {
  editor: Editor;
  getPos: () => number | undefined;
  attr: string;
  label: string;
  placeholder?: string;
}): AttrField {
  const { editor, getPos, attr } = options;
  const element = document.createElement('div');
  element.className = 'rte-field';
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'text';
  input.id = `rte-field-${(fieldCount += 1)}`;
  label.htmlFor = input.id;
  label.textContent = options.label;
  if (options.placeholder) input.placeholder = options.placeholder;
  element.append(label, input);
  input.addEventListener('input', () => {
    const pos = getPos();
    if (pos === undefined) return;
    const value = input.value.trim() === '' ? null : input.value;
    editor.commands.command(({ tr }) => {
      const node = tr.doc.nodeAt(pos);
      if (!node) return false;
      tr.setNodeMarkup(pos, undefined, { ...node.attrs, [attr]: value });
      return true;
    });
  });
  // Enter in a field must not split the story's paragraph behind it.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') event.preventDefault();
  });
  return {
    element,
    input,
    sync(node) {
      const value = typeof node.attrs[attr] === 'string' ? node.attrs[attr] : '';
      if (document.activeElement !== input && input.value !== value) input.value = value;
    },
  };
}
