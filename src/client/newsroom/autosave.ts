// Autosave for the story editor: a few seconds after the last change the form's fields
// go to the server as JSON with the revision they started from. A 409 means someone else
// saved in between: autosave stops and says who and when, and nothing is overwritten.
// Without this script the form still saves with its button.

const DELAY_MS = 3000;

function formFields(form: HTMLFormElement): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const element of Array.from(form.elements)) {
    const field = element as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    // New tags are created by an explicit save, not on every pause in typing.
    if (!field.name || field.name === '_csrf' || field.name === 'new_tags' || field.name === 'new_tag_kind') continue;
    if (field instanceof HTMLSelectElement && field.multiple) {
      data[field.name] = Array.from(field.selectedOptions).map((option) => option.value);
    } else {
      data[field.name] = field.value;
    }
  }
  return data;
}

function start(form: HTMLFormElement): void {
  const url = form.dataset.autosave;
  const status = document.getElementById('autosave-status');
  const csrf = (form.elements.namedItem('_csrf') as HTMLInputElement | null)?.value ?? '';
  const revision = form.elements.namedItem('revision') as HTMLInputElement | null;
  if (!url || !revision) return;
  let timer: number | undefined;
  let dirty = false;
  let saving = false;
  let stopped = false;
  const say = (text: string, alert = false) => {
    if (!status) return;
    status.textContent = text;
    status.setAttribute('role', alert ? 'alert' : 'status');
  };

  async function save(): Promise<void> {
    if (saving || stopped || !dirty) return;
    saving = true;
    dirty = false;
    say('Saving…');
    try {
      const response = await fetch(url!, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(formFields(form)),
      });
      const answer = (await response.json().catch(() => null)) as {
        revision?: number;
        modified_at?: string;
        error?: { message?: string };
      } | null;
      if (response.ok && answer?.revision) {
        revision!.value = String(answer.revision);
        say(`Saved at ${new Date(answer.modified_at ?? Date.now()).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.`);
      } else if (response.status === 409) {
        stopped = true;
        say(
          `Not saved: ${answer?.error?.message ?? 'someone else changed this story.'} Autosave is paused; copy your changes, then reload.`,
          true,
        );
      } else {
        dirty = true;
        say(`Not saved: ${answer?.error?.message ?? `the server answered ${response.status}`}.`, true);
      }
    } catch {
      dirty = true;
      say('Not saved: the newsroom cannot be reached. Your changes stay in this page; we will try again.', true);
    } finally {
      saving = false;
    }
  }

  const changed = () => {
    if (stopped) return;
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void save(), DELAY_MS);
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', () => {
    window.clearTimeout(timer);
    dirty = false;
  });
  window.addEventListener('beforeunload', (event) => {
    if (dirty || saving) event.preventDefault();
  });
}

const form = document.querySelector<HTMLFormElement>('form[data-autosave]');
if (form) start(form);
