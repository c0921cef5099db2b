import type { Editor } from '@tiptap/core';

// The formatting toolbar (WAI-ARIA toolbar pattern): real buttons with visible labels,
// one tab stop with arrow keys, Home and End moving between them (roving tabindex),
// `aria-pressed` on the ones that toggle. Alt+F10 in the text jumps here, as in other
// editors; Tab and Shift+Tab leave it.

export interface ToolbarItem {
  label: string;
  /** Keyboard shortcut shown in the title, e.g. "Ctrl+B". */
  keys?: string;
  /** For toggles: whether it is on where the cursor is. Absent for plain actions. */
  isActive?(editor: Editor): boolean;
  run(editor: Editor, button: HTMLButtonElement): void;
}

export interface Toolbar {
  element: HTMLElement;
  focus(): void;
  /** Brings aria-pressed in line with the selection. */
  refresh(): void;
}

export function createToolbar(editor: Editor, items: Array<ToolbarItem | 'separator'>, label: string): Toolbar {
  const element = document.createElement('div');
  element.className = 'rte-toolbar';
  element.setAttribute('role', 'toolbar');
  element.setAttribute('aria-label', label);
  const buttons: Array<{ button: HTMLButtonElement; item: ToolbarItem }> = [];
  for (const item of items) {
    if (item === 'separator') {
      const rule = document.createElement('span');
      rule.className = 'rte-separator';
      rule.setAttribute('role', 'separator');
      element.append(rule);
      continue;
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = item.label;
    if (item.keys) {
      button.title = `${item.label} (${item.keys})`;
      button.setAttribute('aria-keyshortcuts', item.keys.replace('Ctrl', 'Control'));
    }
    button.tabIndex = buttons.length === 0 ? 0 : -1;
    if (item.isActive) button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => item.run(editor, button));
    buttons.push({ button, item });
    element.append(button);
  }

  const move = (to: number): void => {
    const count = buttons.length;
    const index = ((to % count) + count) % count;
    buttons.forEach(({ button }, i) => {
      button.tabIndex = i === index ? 0 : -1;
    });
    buttons[index]?.button.focus();
  };
  element.addEventListener('keydown', (event) => {
    const current = buttons.findIndex(({ button }) => button === document.activeElement);
    if (current < 0) return;
    const to = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    move(to);
  });

  return {
    element,
    focus: () => buttons.find(({ button }) => button.tabIndex === 0)?.button.focus(),
    refresh() {
      for (const { button, item } of buttons) {
        if (item.isActive) button.setAttribute('aria-pressed', String(item.isActive(editor)));
      }
    },
  };
}
