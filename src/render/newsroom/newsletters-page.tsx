import { ActionForm, SelectField, TextArea, TextField } from './manage-fields.js';
import type { FieldError, NewsroomContext } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';
import { formatNewsroomTime } from './newsroom-time.js';

// The newsletters: each list with who an issue would reach, the recent issues with their
// status and counts, and the form a list is created or edited with.

export interface NewsletterValues {
  name: string;
  slug: string;
  description: string;
  roundup: string;
  draft_weekday: string;
  draft_time: string;
  max_per_second: string;
}

export interface NewsletterRowView {
  id: number;
  slug: string;
  name: string;
  description: string;
  recipients: number;
  /** "Fridays at 10:00", null when the list has no round-up. */
  roundup: string | null;
}

export interface IssueRowView {
  id: number;
  subject: string;
  list: string;
  status: string;
  /** The time that matters for its status (scheduled for, sent at, last changed). */
  when: { label: string; at: string } | null;
  sent: number | null;
  recipients: number | null;
}

export interface NewslettersView {
  lists: NewsletterRowView[];
  issues: IssueRowView[];
  notice: string | null;
}

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  cancelled: 'Cancelled',
};

export function NewslettersPage({ ctx, view }: { ctx: NewsroomContext; view: NewslettersView }) {
  return (
    <NewsroomShell ctx={ctx} title="Newsletters">
      <div class="page-head">
        <h1>Newsletters</h1>
        <a class="button-primary" href="/admin/newsletters/new">
          New list
        </a>
      </div>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <h2>Lists</h2>
      <table class="manage-table">
        <caption class="visually-hidden">Newsletter lists with the number of confirmed, active subscribers</caption>
        <thead>
          <tr>
            <th scope="col">List</th>
            <th scope="col">Subscribers</th>
            <th scope="col">Round-up</th>
            <th scope="col">Issues</th>
          </tr>
        </thead>
        <tbody>
          {view.lists.map((list) => (
            <tr>
              <th scope="row">
                <a href={`/admin/newsletters/${list.slug}/edit`}>{list.name}</a> <code>{list.slug}</code>
              </th>
              <td>{list.recipients}</td>
              <td>{list.roundup ?? 'No'}</td>
              <td class="row-actions">
                <a href={`/admin/newsletters/${list.slug}/issues/new`}>
                  New issue<span class="visually-hidden"> of {list.name}</span>
                </a>
                {list.roundup && (
                  <ActionForm action={`/admin/newsletters/${list.slug}/roundup`} csrf={ctx.csrf}>
                    Draft this week’s round-up<span class="visually-hidden"> of {list.name}</span>
                  </ActionForm>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Recent issues</h2>
      {view.issues.length === 0 ? (
        <p>No issues yet.</p>
      ) : (
        <table class="manage-table">
          <caption class="visually-hidden">The newest issues of every list</caption>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">List</th>
              <th scope="col">Status</th>
              <th scope="col">When</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {view.issues.map((issue) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/newsletters/issues/${issue.id}`}>{issue.subject}</a>
                </th>
                <td>{issue.list}</td>
                <td>{STATUS_LABELS[issue.status] ?? issue.status}</td>
                <td>{issue.when ? `${issue.when.label} ${formatNewsroomTime(issue.when.at, ctx)}` : ''}</td>
                <td>{issue.recipients === null ? '' : `${issue.sent} of ${issue.recipients}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </NewsroomShell>
  );
}

const WEEKDAY_OPTIONS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].map((label, value) => ({
  value: String(value),
  label,
}));

export interface NewsletterFormView {
  /** Null for a new list. */
  slug: string | null;
  values: NewsletterValues;
  errors: FieldError[];
  notice: string | null;
}

export function NewsletterFormPage({ ctx, view }: { ctx: NewsroomContext; view: NewsletterFormView }) {
  const title = view.slug ? `List: ${view.values.name || view.slug}` : 'New list';
  const form = view.slug ? 'edit' : 'new';
  const { values, errors } = view;
  return (
    <NewsroomShell ctx={ctx} title={title}>
      <p>
        <a href="/admin/newsletters">All newsletters</a>
      </p>
      <h1>{title}</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <ErrorSummary errors={errors} />
      <form method="post" action={view.slug ? `/admin/newsletters/${view.slug}` : '/admin/newsletters'} class="stack">
        <CsrfField token={ctx.csrf} />
        <TextField form={form} name="name" label="Name" value={values.name} required maxLength={120} errors={errors} />
        <TextField
          form={form}
          name="slug"
          label="Slug"
          value={values.slug}
          required
          maxLength={120}
          errors={errors}
          hint="Names the list in sign-up forms and the List-Id header. Lower-case letters, digits and hyphens."
        />
        <TextArea
          form={form}
          name="description"
          label="Description"
          value={values.description}
          rows={3}
          maxLength={500}
          errors={errors}
          hint="One sentence readers see when they choose what to subscribe to."
        />
        <p class="field checkbox-field">
          <input type="checkbox" id={`${form}-roundup`} name="roundup" value="on" checked={values.roundup === 'on'} />
          <label for={`${form}-roundup`}>Draft a round-up of the week’s stories automatically</label>
        </p>
        <SelectField
          form={form}
          name="draft_weekday"
          label="Round-up day"
          value={values.draft_weekday}
          options={WEEKDAY_OPTIONS}
          errors={errors}
        />
        <TextField
          form={form}
          name="draft_time"
          label="Round-up time"
          value={values.draft_time}
          required
          maxLength={5}
          errors={errors}
          hint={`24-hour time such as 10:00, in the publication’s time zone (${ctx.zone}).`}
        />
        <TextField
          form={form}
          name="max_per_second"
          label="Messages per second"
          value={values.max_per_second}
          maxLength={5}
          errors={errors}
          hint="Leave empty to send as fast as the mail server accepts; set it when your provider limits the rate."
        />
        <p>
          <button type="submit" class="button-primary">
            {view.slug ? 'Save the list' : 'Create the list'}
          </button>
        </p>
      </form>
    </NewsroomShell>
  );
}

export interface NewIssueView {
  slug: string;
  listName: string;
  subject: string;
  errors: FieldError[];
}

export function NewIssuePage({ ctx, view }: { ctx: NewsroomContext; view: NewIssueView }) {
  return (
    <NewsroomShell ctx={ctx} title={`New issue of ${view.listName}`}>
      <p>
        <a href="/admin/newsletters">All newsletters</a>
      </p>
      <h1>New issue of {view.listName}</h1>
      <ErrorSummary errors={view.errors} />
      <form method="post" action={`/admin/newsletters/${view.slug}/issues`} class="stack">
        <CsrfField token={ctx.csrf} />
        <TextField form="issue" name="subject" label="Subject" value={view.subject} required maxLength={200} errors={view.errors} />
        <p>
          <button type="submit" class="button-primary">
            Create the draft
          </button>
        </p>
      </form>
    </NewsroomShell>
  );
}
