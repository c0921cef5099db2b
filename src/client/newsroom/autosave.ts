// Autosave for the story editor: a few seconds after the last change the form's fields
// go to the server as JSON with the revision they started from. A 409 means someone else
// saved in between: autosave stops and says who and when, and nothing is overwritten.
// Without this script the form still saves with its button. The workflow buttons submit
// this same form (the server saves, then moves): a submit waits for a save in flight, so
// it carries the revision that save produced and never conflicts with it.

// The newsroom's one small script on every page also carries the copy buttons.
import './copy-button.js';

const DELAY_MS = 3000;

function formFields(form: HTMLFormElement): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const element of Array.from(form.elements)) {
    const field = element as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    // New tags are created by an explicit save, not on every pause in typing; the
    // workflow buttons and their time belong to a move, not to a save.
    if (!field.name || field.name === '_csrf' || field.name === 'new_tags' || field.name === 'new_tag_kind') continue;
    if (element instanceof HTMLButtonElement || field.name === 'move' || field.name === 'publish_at') continue;
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
  let inFlight: Promise<void> = Promise.resolve();
  const say = (text: string, alert = false) => {
    if (!status) return;
    status.textContent = text;
    status.setAttribute('role', alert ? 'alert' : 'status');
  };

  function save(): Promise<void> {
    if (saving || stopped || !dirty) return inFlight;
    inFlight = send();
    return inFlight;
  }

  async function send(): Promise<void> {
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
        saved_at_label?: string;
        error?: { message?: string };
      } | null;
      if (response.ok && answer?.revision) {
        revision!.value = String(answer.revision);
        // The server names the time in the publication's zone, as the rest of the page does.
        say(answer.saved_at_label ? `Saved ${answer.saved_at_label}.` : 'Saved.');
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
      // Answers "save now" (Cmd/Ctrl+S, the preview shortcut: save-shortcuts.ts).
      form.dispatchEvent(new CustomEvent('masthead:saved'));
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
  // Cmd/Ctrl+S and the preview shortcut (save-shortcuts.ts): save now, not in three seconds.
  form.addEventListener('masthead:save-now', () => {
    window.clearTimeout(timer);
    if (dirty && !saving && !stopped) void save();
    else if (!saving) {
      if (!stopped) say('All changes are saved.');
      form.dispatchEvent(new CustomEvent('masthead:saved'));
    }
  });
  let leaving = false;
  form.addEventListener('submit', (event) => {
    window.clearTimeout(timer);
    if (saving) {
      // Sent now, the form would name the revision this save is replacing: wait for it.
      event.preventDefault();
      const submitter = event.submitter;
      void inFlight.then(() => form.requestSubmit(submitter instanceof HTMLButtonElement ? submitter : undefined));
      return;
    }
    // The form itself carries every edit (and the save's revision): nothing is left behind.
    dirty = false;
    leaving = true;
  });
  window.addEventListener('beforeunload', (event) => {
    if (!leaving && (dirty || saving)) event.preventDefault();
  });
}

const form = document.querySelector<HTMLFormElement>('form[data-autosave]');
if (form) start(form);
