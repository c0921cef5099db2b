// The story settings panel (a <details> on the editor page, so it opens and closes without
// JavaScript too). This adds: Alt+Shift+S opens and closes it from anywhere on the page,
// Escape closes it, a Close button inside it (it covers the side column on wide screens),
// and a field the browser finds invalid on submit opens it, so the message is in sight.

const SHORTCUT = { key: 'KeyS', alt: true, shift: true };

function focusables(panel: HTMLElement): HTMLElement[] {
  return Array.from(panel.querySelectorAll<HTMLElement>('input:not([type="hidden"]), select, textarea, button, summary, a[href]')).filter(
    (el) => !el.closest('[hidden]') && !(el as HTMLInputElement).disabled,
  );
}

export function enhanceStorySettings(details: HTMLDetailsElement): void {
  const summary = details.querySelector('summary');
  const panel = details.querySelector<HTMLElement>('.story-settings-panel');
  if (!summary || !panel) return;

  const setOpen = (open: boolean) => {
    details.open = open;
    if (open) (focusables(panel).find((el) => el !== close) ?? summary).focus();
    else summary.focus();
  };

  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'story-settings-close';
  close.textContent = 'Close settings';
  close.setAttribute('aria-keyshortcuts', 'Escape');
  close.addEventListener('click', () => setOpen(false));
  panel.prepend(close);

  document.addEventListener('keydown', (event) => {
    if (
      event.code === SHORTCUT.key &&
      event.altKey === SHORTCUT.alt &&
      event.shiftKey === SHORTCUT.shift &&
      !event.ctrlKey &&
      !event.metaKey
    ) {
      event.preventDefault();
      setOpen(!details.open);
    }
  });
  details.addEventListener('keydown', (event) => {
    // A picker's open list takes Escape first (it marks the event as handled).
    if (event.key === 'Escape' && details.open && !event.defaultPrevented && panel.contains(event.target as Node)) {
      event.preventDefault();
      setOpen(false);
    }
  });
  details.closest('form')?.addEventListener(
    'invalid',
    (event) => {
      if (panel.contains(event.target as Node)) details.open = true;
    },
    true,
  );
}
