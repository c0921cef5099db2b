// A small form under the toolbar for one URL (a link, an embed): labelled field, a clear
// error in a live region, Escape or Cancel to close. Focus goes into it on open and back
// to the toolbar button on close.

export interface UrlPanelOptions {
  host: HTMLElement;
  label: string;
  hint: string;
  submitLabel: string;
  initial?: string;
  /** An error message, or null when the value is accepted (and acted on). */
  submit(value: string): string | null;
  /** Extra actions (e.g. "Remove link"), each closing the panel. */
  actions?: Array<{ label: string; run(): void }>;
  onClose(): void;
}

let panelCount = 0;

export function openUrlPanel(options: UrlPanelOptions): void {
  const id = `rte-panel-${(panelCount += 1)}`;
  const form = document.createElement('form');
  form.className = 'rte-panel';
  form.noValidate = true;
  const label = document.createElement('label');
  label.htmlFor = `${id}-input`;
  label.textContent = options.label;
  const input = document.createElement('input');
  input.type = 'url';
  input.id = `${id}-input`;
  input.value = options.initial ?? '';
  input.setAttribute('aria-describedby', `${id}-hint ${id}-error`);
  const hint = document.createElement('p');
  hint.id = `${id}-hint`;
  hint.className = 'rte-hint';
  hint.textContent = options.hint;
  const error = document.createElement('p');
  error.id = `${id}-error`;
  error.className = 'rte-error';
  error.setAttribute('role', 'alert');
  const buttons = document.createElement('div');
  buttons.className = 'rte-panel-actions';
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.textContent = options.submitLabel;
  buttons.append(submit);

  const close = (): void => {
    form.remove();
    options.onClose();
  };
  for (const action of options.actions ?? []) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = action.label;
    button.addEventListener('click', () => {
      action.run();
      close();
    });
    buttons.append(button);
  }
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', close);
  buttons.append(cancel);

  form.append(label, input, hint, error, buttons);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const problem = options.submit(input.value.trim());
    if (problem === null) close();
    else {
      error.textContent = problem;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  options.host.replaceChildren(form);
  input.focus();
}
