import { filterBlocks } from './block-filter.js';
import type { BlockItem } from './block-items.js';

// The block menu opened by `/` on an empty line, the `+` beside it or the toolbar's
// "Insert block": the WAI-ARIA combobox pattern with a listbox. Focus goes to the filter
// field; typing filters, Up and Down move the active option (aria-activedescendant),
// Enter inserts it, Escape closes and returns to the text. Options can be clicked too.

let menuCount = 0;

export function openBlockMenu(options: {
  host: HTMLElement;
  items: BlockItem[];
  /** Text already typed after the slash, to filter with at once. */
  query?: string;
  choose(item: BlockItem): void;
  onClose(): void;
}): void {
  const id = `rte-blocks-${(menuCount += 1)}`;
  const panel = document.createElement('div');
  panel.className = 'rte-panel rte-block-menu';
  const label = document.createElement('label');
  label.htmlFor = `${id}-input`;
  label.textContent = 'Insert a block';
  const input = document.createElement('input');
  input.type = 'text';
  input.id = `${id}-input`;
  input.value = options.query ?? '';
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-expanded', 'true');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', `${id}-list`);
  input.setAttribute('aria-describedby', `${id}-hint`);
  const hint = document.createElement('p');
  hint.id = `${id}-hint`;
  hint.className = 'rte-hint';
  hint.textContent = 'Type to filter, Up and Down to choose, Enter to insert, Escape to go back to the text.';
  const list = document.createElement('ul');
  list.id = `${id}-list`;
  list.className = 'rte-block-options';
  list.setAttribute('role', 'listbox');
  label.id = `${id}-label`;
  list.setAttribute('aria-labelledby', label.id);
  const status = document.createElement('p');
  status.className = 'rte-hint';
  status.setAttribute('role', 'status');

  let shown: BlockItem[] = [];
  let active = 0;

  const close = (): void => {
    panel.remove();
    options.onClose();
  };
  const choose = (item: BlockItem): void => {
    // Gone first: the block may open a panel of its own (the picker, the embed form) here.
    panel.remove();
    options.choose(item);
  };
  const highlight = (index: number): void => {
    active = index;
    const nodes = Array.from(list.children) as HTMLElement[];
    nodes.forEach((node, i) => node.setAttribute('aria-selected', String(i === index)));
    const current = nodes[index];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const render = (): void => {
    shown = filterBlocks(options.items, input.value);
    list.replaceChildren(
      ...shown.map((item, index) => {
        const option = document.createElement('li');
        option.id = `${id}-${item.id}`;
        option.setAttribute('role', 'option');
        option.className = 'rte-block-option';
        const name = document.createElement('span');
        name.className = 'rte-block-name';
        name.textContent = item.label;
        const what = document.createElement('span');
        what.className = 'rte-block-hint';
        what.textContent = item.hint;
        option.append(name, what);
        // mousedown: keep focus in the field until the choice is made.
        option.addEventListener('mousedown', (event) => event.preventDefault());
        option.addEventListener('click', () => choose(item));
        option.addEventListener('mousemove', () => highlight(index));
        return option;
      }),
    );
    status.textContent =
      shown.length === 0 ? 'No block matches. Escape goes back to the text.' : `${shown.length} block${shown.length === 1 ? '' : 's'}.`;
    highlight(shown.length ? 0 : -1);
  };

  input.addEventListener('input', render);
  input.addEventListener('keydown', (event) => {
    const count = shown.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count) highlight((active + (event.key === 'ArrowDown' ? 1 : -1) + count) % count);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const item = shown[active];
      if (item) choose(item);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  panel.append(label, input, hint, list, status);
  options.host.replaceChildren(panel);
  render();
  input.focus();
}
