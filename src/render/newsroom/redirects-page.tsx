import { REDIRECT_LIMITS } from '../../content/redirect-input.js';
import { ActionForm, SelectField, TextField } from './manage-fields.js';
import type { FieldError, NewsroomContext, Option } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';

// Redirects: every old address the site answers with a 301 or 302, filtered by text and
// paged, newest first; a form for a new rule, and a Delete button on each row.

export interface RedirectValues {
  from: string;
  match: string;
  target: string;
  status: string;
}

export interface RedirectRowView {
  id: number;
  from: string;
  match: string;
  /** The target's path or URL; null when its record was deleted (the rule then does nothing). */
  target: string | null;
  status: number;
  origin: string;
}

export interface RedirectsView {
  q: string;
  rows: RedirectRowView[];
  total: number;
  page: number;
  pages: number;
  values: RedirectValues;
  errors: FieldError[];
  notice: string | null;
}

const MATCHES: Option[] = [
  { value: 'exact', label: 'Exactly this address' },
  { value: 'prefix', label: 'This address and everything under it' },
  { value: 'regex', label: 'A regular expression' },
];
const STATUSES: Option[] = [
  { value: '301', label: '301: moved for good' },
  { value: '302', label: '302: moved for now' },
];
const ORIGINS: Record<string, string> = { 'slug-change': 'Slug change', newsroom: 'Newsroom', import: 'Import', migration: 'Migration' };

export function RedirectsPage({ ctx, view }: { ctx: NewsroomContext; view: RedirectsView }) {
  const query = view.q ? `q=${encodeURIComponent(view.q)}&` : '';
  return (
    <NewsroomShell ctx={ctx} title="Redirects">
      <h1>Redirects</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <ErrorSummary errors={view.errors} />
      <p>
        An address that would find nothing sends readers on to its new home instead. A story's old slug gets a rule by itself when the slug
        changes.
      </p>
      <form method="get" action="/admin/redirects" class="filters" role="search" aria-label="Filter redirects">
        <TextField form="filter" name="q" type="search" label="Address contains" value={view.q} maxLength={200} />
        <p>
          <button type="submit">Apply</button>
        </p>
      </form>
      <p class="result-count" role="status">
        {view.total === 1 ? '1 rule' : `${view.total.toLocaleString('en-US')} rules`}
      </p>
      {view.rows.length > 0 && <RuleTable rows={view.rows} csrf={ctx.csrf} />}
      {view.pages > 1 && (
        <nav aria-label="Pages" class="pager">
          {view.page > 1 && (
            <a rel="prev" href={`/admin/redirects?${query}page=${view.page - 1}`}>
              Newer
            </a>
          )}
          <span>
            Page {view.page} of {view.pages}
          </span>
          {view.page < view.pages && (
            <a rel="next" href={`/admin/redirects?${query}page=${view.page + 1}`}>
              Older
            </a>
          )}
        </nav>
      )}
      <h2 id="new-redirect">New redirect</h2>
      <form method="post" action="/admin/redirects" class="stack" aria-labelledby="new-redirect">
        <CsrfField token={ctx.csrf} />
        <TextField
          form="new"
          name="from"
          label="From"
          value={view.values.from}
          required
          maxLength={REDIRECT_LIMITS.path}
          errors={view.errors}
          hint="An old address on this site, such as /2019/05/old-post or /?p=12; for a regular expression, a pattern such as ^/blog/(.*)$."
        />
        <SelectField form="new" name="match" label="Match" value={view.values.match} options={MATCHES} errors={view.errors} />
        <TextField
          form="new"
          name="target"
          label="To"
          value={view.values.target}
          required
          maxLength={REDIRECT_LIMITS.url}
          errors={view.errors}
          hint="A story, page, section, tag or author on this site (/some-story, /section/world), or a full https:// address. A regular expression's target may use $1 for its first group."
        />
        <SelectField form="new" name="status" label="Kind of move" value={view.values.status} options={STATUSES} errors={view.errors} />
        <p>
          <button type="submit" class="button-primary">
            Add the redirect
          </button>
        </p>
      </form>
    </NewsroomShell>
  );
}

function RuleTable({ rows, csrf }: { rows: RedirectRowView[]; csrf: string | null }) {
  const matchLabel = (match: string) => (match === 'exact' ? 'Exact' : match === 'prefix' ? 'Prefix' : 'Regex');
  return (
    <table class="manage-table">
      <caption class="visually-hidden">Redirects, newest first</caption>
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">Match</th>
          <th scope="col">To</th>
          <th scope="col">Status</th>
          <th scope="col">Made by</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <th scope="row">
              <code>{row.from}</code>
            </th>
            <td>{matchLabel(row.match)}</td>
            <td>{row.target === null ? <em>Deleted: this rule does nothing</em> : <code>{row.target}</code>}</td>
            <td>{row.status}</td>
            <td>{ORIGINS[row.origin] ?? row.origin}</td>
            <td>
              <ActionForm action={`/admin/redirects/${row.id}/delete`} csrf={csrf} danger>
                Delete<span class="visually-hidden"> the redirect from {row.from}</span>
              </ActionForm>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
