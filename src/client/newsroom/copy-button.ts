// "Copy the link" beside a link shown once (a staff set-up link): the button is rendered
// hidden, since without this script it could do nothing, and the text field beside it
// stays selectable by hand. The result is announced in the button's own status line.

async function copyText(field: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(field.value);
    return true;
  } catch {
    // No clipboard API (an insecure origin, an older browser): the selection and the old command.
    field.select();
    return document.execCommand('copy');
  }
}

function wire(button: HTMLButtonElement): void {
  const field = document.getElementById(button.dataset.copy ?? '');
  const status = document.getElementById(`${button.dataset.copy ?? ''}-copied`);
  if (!(field instanceof HTMLInputElement)) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    void copyText(field).then((copied) => {
      if (status) status.textContent = copied ? 'Copied.' : 'Could not copy: select the link and copy it by hand.';
    });
  });
}

function start(): void {
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-copy]'))) wire(button);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
