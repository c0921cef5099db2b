import { SelectField, TextField } from './manage-fields.js';
import { formatNewsroomTime } from './newsroom-time.js';
import type { NewsroomContext, Option } from './newsroom-view.js';
import { NewsroomShell, Notice } from './newsroom-shell.js';

// The audit trail for the owner and admins: who did what, when, from where and to what,
// newest first, filtered by action, person, target and dates, a screen at a time, with
// a JSON-lines export of exactly what the filters select.

export interface AuditRowView {
  id: number;
  at: string;
  action: string;
  actionLabel: string;
  actor: string;
  door: string;
  ip: string | null;
  target: string;
  detail: string;
}

export interface AuditView {
  values: { action: string; person: string; target_kind: string; target: string; from: string; to: string };
  actions: Option[];
  targetKinds: Option[];
  errors: Array<{ field: string; message: string }>;
  rows: AuditRowView[];
  /** The filters as a query string, for the export and the pager. */
  query: string;
  /** The `before` of the next (older) screen; null on the last one. */
  olderBefore: number | null;
  /** Whether this screen is a later one (a link back to the newest is shown). */
  paged: boolean;
}

function DateField({ name, label, value, invalid }: { name: string; label: string; value: string; invalid: boolean }) {
  const id = `filter-${name}`;
  return (
    <p class="field">
      <label for={id}>{label}</label>
      <input id={id} name={name} type="date" value={value} aria-invalid={invalid ? 'true' : undefined} />
    </p>
  );
}

export function AuditPage({ ctx, view }: { ctx: NewsroomContext; view: AuditView }) {
  const withQuery = (path: string, extra?: string) => {
    const query = [view.query, extra].filter(Boolean).join('&');
    return query ? `${path}?${query}` : path;
  };
  const invalid = (field: string) => view.errors.some((e) => e.field === field);
  return (
    <NewsroomShell ctx={ctx} title="Audit trail">
      <div class="page-head">
        <h1>Audit trail</h1>
        <p class="row-actions">
          <a href={withQuery('/admin/audit.jsonl')} download>
            Export these as JSON lines
          </a>
        </p>
      </div>
      {view.errors.length > 0 && (
        <Notice kind="error">
          <p>The filters could not be applied:</p>
          <ul>
            {view.errors.map((e) => (
              <li>
                <strong>{e.field}</strong>: {e.message}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <form method="get" action="/admin/audit" class="filters" role="search" aria-label="Filter the audit trail">
        <SelectField
          form="filter"
          name="action"
          label="Action"
          value={view.values.action}
          options={view.actions}
          empty="Any action"
          errors={view.errors}
        />
        <TextField form="filter" name="person" type="search" label="Person or key" value={view.values.person} maxLength={120} />
        <SelectField
          form="filter"
          name="target_kind"
          label="Target kind"
          value={view.values.target_kind}
          options={view.targetKinds}
          empty="Any kind"
          errors={view.errors}
        />
        <TextField
          form="filter"
          name="target"
          type="search"
          label="Target"
          hint="A record number, or words of its title or address."
          value={view.values.target}
          maxLength={200}
        />
        <DateField name="from" label="From (day)" value={view.values.from} invalid={invalid('from')} />
        <DateField name="to" label="To (day)" value={view.values.to} invalid={invalid('to')} />
        <p>
          <button type="submit">Apply</button>
        </p>
      </form>
      <p class="result-count" role="status">
        {view.rows.length === 0 ? 'No entries match.' : `Showing ${view.rows.length} ${view.rows.length === 1 ? 'entry' : 'entries'}.`}
      </p>
      {view.rows.length > 0 && (
        <table class="manage-table audit-table">
          <caption class="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Who</th>
              <th scope="col">From</th>
              <th scope="col">Target</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr data-action={row.action} data-entry={row.id}>
                <td>
                  <time datetime={row.at}>{formatNewsroomTime(row.at, ctx)}</time>
                </td>
                <th scope="row">{row.actionLabel}</th>
                <td>{row.actor}</td>
                <td>
                  {row.door}
                  {row.ip && `, ${row.ip}`}
                </td>
                <td>{row.target || '—'}</td>
                <td>{row.detail ? <code>{row.detail}</code> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(view.paged || view.olderBefore !== null) && (
        <nav aria-label="Pages" class="pager">
          {view.paged && <a href={withQuery('/admin/audit')}>Newest</a>}
          {view.olderBefore !== null && (
            <a rel="next" href={withQuery('/admin/audit', `before=${view.olderBefore}`)}>
              Older
            </a>
          )}
        </nav>
      )}
    </NewsroomShell>
  );
}
