import { GrowthChart, type GrowthWeekView } from './growth-chart.js';
import { SelectField, TextField } from './manage-fields.js';
import type { NewsroomContext, Option } from './newsroom-view.js';
import { NewsroomShell, Notice } from './newsroom-shell.js';

// The subscriber list: counts by status and by list, the weekly growth, and the
// addresses themselves, searched and filtered, fifty to a page, with links to the import
// and to an export of exactly what the filters show.

export interface SubscriberListRow {
  id: number;
  email: string;
  status: string;
  statusLabel: string;
  lists: string[];
  consentAt: string | null;
  consentSource: string;
  createdAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}

export interface SubscribersView {
  counts: Array<{ status: string; label: string; count: number }>;
  lists: Array<{ slug: string; name: string; active: number; recipients: number }>;
  growth: GrowthWeekView[];
  filter: { q: string; status: string; list: string };
  statuses: Option[];
  listOptions: Option[];
  rows: SubscriberListRow[];
  total: number;
  page: number;
  pages: number;
  /** The filters as a query string, without page. */
  query: string;
  notice: string | null;
}

const n = (value: number) => value.toLocaleString('en-US');

/** A calendar date in the publication's zone: the table has no room for times. */
export function newsroomDate(iso: string, ctx: NewsroomContext): string {
  return new Intl.DateTimeFormat(ctx.locale, { timeZone: ctx.zone, day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));
}

function Dates({ row, ctx }: { row: SubscriberListRow; ctx: NewsroomContext }) {
  const parts: Array<[string, string]> = [['Joined', row.createdAt]];
  if (row.confirmedAt) parts.push(['confirmed', row.confirmedAt]);
  if (row.unsubscribedAt) parts.push(['unsubscribed', row.unsubscribedAt]);
  return (
    <>
      {parts.map(([label, at], i) => (
        <>
          {i > 0 && '; '}
          {label} <time datetime={at}>{newsroomDate(at, ctx)}</time>
        </>
      ))}
    </>
  );
}

export function SubscribersPage({ ctx, view }: { ctx: NewsroomContext; view: SubscribersView }) {
  const pageHref = (page: number) => `/admin/subscribers?${view.query ? `${view.query}&` : ''}page=${page}`;
  return (
    <NewsroomShell ctx={ctx} title="Subscribers">
      <div class="page-head">
        <h1>Subscribers</h1>
        <p class="row-actions">
          <a class="button-primary" href="/admin/subscribers/import">
            Import a CSV file
          </a>
          <a href={`/admin/subscribers.csv${view.query ? `?${view.query}` : ''}`} download>
            Export these as CSV
          </a>
        </p>
      </div>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <h2 id="by-status">By status</h2>
      <ul class="stage-counts">
        {view.counts.map((c) => (
          <li data-status={c.status}>
            {c.label}: <strong>{n(c.count)}</strong>
          </li>
        ))}
      </ul>
      <table class="manage-table">
        <caption>Lists</caption>
        <thead>
          <tr>
            <th scope="col">List</th>
            <th scope="col">Active subscriptions</th>
            <th scope="col">Confirmed recipients</th>
          </tr>
        </thead>
        <tbody>
          {view.lists.map((l) => (
            <tr data-list={l.slug}>
              <th scope="row">{l.name}</th>
              <td>{n(l.active)}</td>
              <td>{n(l.recipients)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <GrowthChart weeks={view.growth} zone={ctx.zone} />
      <h2 id="addresses">Addresses</h2>
      <form method="get" action="/admin/subscribers" class="filters" role="search" aria-label="Filter subscribers">
        <TextField form="filter" name="q" type="search" label="Address contains" value={view.filter.q} maxLength={254} />
        <SelectField form="filter" name="status" label="Status" value={view.filter.status} options={view.statuses} empty="Any status" />
        <SelectField form="filter" name="list" label="List" value={view.filter.list} options={view.listOptions} empty="Any list" />
        <p>
          <button type="submit">Apply</button>
        </p>
      </form>
      <p class="result-count" role="status">
        {view.total === 1 ? '1 subscriber' : `${n(view.total)} subscribers`}
      </p>
      {view.rows.length > 0 && (
        <table class="manage-table subscriber-table">
          <caption class="visually-hidden">Subscribers, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Status</th>
              <th scope="col">Lists</th>
              <th scope="col">Consent</th>
              <th scope="col">Dates</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/subscribers/${row.id}`}>{row.email}</a>
                </th>
                <td>{row.statusLabel}</td>
                <td>{row.lists.length ? row.lists.join(', ') : '—'}</td>
                <td>
                  {row.consentAt ? (
                    <>
                      <time datetime={row.consentAt}>{newsroomDate(row.consentAt, ctx)}</time>
                      {row.consentSource && `, ${row.consentSource}`}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <Dates row={row} ctx={ctx} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.pages > 1 && (
        <nav aria-label="Pages" class="pager">
          {view.page > 1 && (
            <a rel="prev" href={pageHref(view.page - 1)}>
              Newer
            </a>
          )}
          <span>
            Page {view.page} of {n(view.pages)}
          </span>
          {view.page < view.pages && (
            <a rel="next" href={pageHref(view.page + 1)}>
              Older
            </a>
          )}
        </nav>
      )}
    </NewsroomShell>
  );
}
