import type { ComponentChildren } from 'preact';
import type { FieldError, Option } from './newsroom-view.js';

// Labelled form controls for the management screens (sections, tags, authors, staff,
// settings). Every control has a visible label, its hint is tied to it with
// aria-describedby, and a field named in the error summary is marked aria-invalid.

interface Common {
  /** Prefix for ids, so two forms on one page never share an id. */
  form: string;
  name: string;
  label: string;
  hint?: string;
  errors?: FieldError[];
}

const idOf = (form: string, name: string) => `${form}-${name}`;
const invalid = (errors: FieldError[] | undefined, name: string) => (errors?.some((e) => e.field === name) ? 'true' : undefined);

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <span class="hint" id={`${id}-hint`}>
      {hint}
    </span>
  ) : null;
}

export function TextField({
  form,
  name,
  label,
  hint,
  errors,
  value,
  type = 'text',
  required,
  maxLength,
  autocomplete,
}: Common & {
  value: string;
  type?: 'text' | 'email' | 'search' | 'url';
  required?: boolean;
  maxLength?: number;
  autocomplete?: string;
}) {
  const id = idOf(form, name);
  return (
    <p class="field">
      <label for={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        required={required}
        maxLength={maxLength}
        autocomplete={autocomplete ?? 'off'}
        aria-describedby={hint ? `${id}-hint` : undefined}
        aria-invalid={invalid(errors, name)}
      />
    </p>
  );
}

export function TextArea({
  form,
  name,
  label,
  hint,
  errors,
  value,
  rows = 4,
  maxLength,
}: Common & { value: string; rows?: number; maxLength?: number }) {
  const id = idOf(form, name);
  return (
    <p class="field">
      <label for={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        aria-describedby={hint ? `${id}-hint` : undefined}
        aria-invalid={invalid(errors, name)}
      >
        {value}
      </textarea>
    </p>
  );
}

export function SelectField({
  form,
  name,
  label,
  hint,
  errors,
  value,
  options,
  empty,
}: Common & { value: string; options: Option[]; empty?: string }) {
  const id = idOf(form, name);
  return (
    <p class="field">
      <label for={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <select id={id} name={name} aria-describedby={hint ? `${id}-hint` : undefined} aria-invalid={invalid(errors, name)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </p>
  );
}

/** A one-button POST form (move, delete, disable): no script needed, CSRF included. */
export function ActionForm({
  action,
  csrf,
  children,
  fields = {},
  danger,
}: {
  action: string;
  csrf: string | null;
  children: ComponentChildren;
  fields?: Record<string, string>;
  danger?: boolean;
}) {
  return (
    <form method="post" action={action} class="inline-form">
      {csrf && <input type="hidden" name="_csrf" value={csrf} />}
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={danger ? 'button-danger' : undefined}>
        {children}
      </button>
    </form>
  );
}
