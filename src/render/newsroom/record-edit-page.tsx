import type { ComponentChildren } from 'preact';
import type { FieldError, NewsroomContext } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';

// The edit page every section, tag and author profile has: a way back to the list, the
// title, the saved notice and the error summary, the record's form with its save
// button, and a Delete part that says what deleting would do.

export function RecordEditPage(props: {
  ctx: NewsroomContext;
  title: string;
  back: { href: string; label: string };
  notice: string | null;
  errors: FieldError[];
  /** Shown above the form (e.g. which staff account a byline belongs to). */
  intro?: ComponentChildren;
  action: string;
  fields: ComponentChildren;
  save: string;
  /** The Delete part's text and button (or why there is none). */
  children: ComponentChildren;
}) {
  return (
    <NewsroomShell ctx={props.ctx} title={props.title}>
      <p>
        <a href={props.back.href}>{props.back.label}</a>
      </p>
      <h1>{props.title}</h1>
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      <ErrorSummary errors={props.errors} />
      {props.intro}
      <form method="post" action={props.action} class="stack">
        <CsrfField token={props.ctx.csrf} />
        {props.fields}
        <p>
          <button type="submit" class="button-primary">
            {props.save}
          </button>
        </p>
      </form>
      <h2>Delete</h2>
      {props.children}
    </NewsroomShell>
  );
}
