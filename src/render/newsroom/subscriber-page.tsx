import { ActionForm } from './manage-fields.js';
import type { FieldError, NewsroomContext } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';
import { formatNewsroomTime } from './newsroom-time.js';

// One subscriber: the address, status and dates, the consent as recorded, every list,
// and the issues sent to them; the person's data as a download, unsubscribing, and
// deletion on request (behind a confirmation page).

export interface SubscriberView {
  id: number;
  email: string;
  statusLabel: string;
  status: string;
  createdAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  consent: { at: string | null; source: string; ip: string | null };
  bounceReason: string | null;
  subscriptions: Array<{ name: string; status: string; since: string }>;
  deliveries: Array<{ subject: string; list: string; state: string; sentAt: string | null }>;
  notice: string | null;
}

const SUBSCRIPTION_LABELS: Record<string, string> = { active: 'Active', pending: 'Waiting for confirmation', unsubscribed: 'Unsubscribed' };

function When({ at, ctx }: { at: string | null; ctx: NewsroomContext }) {
  return at ? <time datetime={at}>{formatNewsroomTime(at, ctx)}</time> : <>—</>;
}

export function SubscriberPage({ ctx, view }: { ctx: NewsroomContext; view: SubscriberView }) {
  const canUnsubscribe =
    view.status === 'pending' || view.status === 'confirmed' || view.subscriptions.some((s) => s.status !== 'unsubscribed');
  return (
    <NewsroomShell ctx={ctx} title={`Subscriber: ${view.email}`}>
      <p>
        <a href="/admin/subscribers">All subscribers</a>
      </p>
      <h1>{view.email}</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          {view.statusLabel}
          {view.bounceReason && ` (${view.bounceReason})`}
        </dd>
        <dt>Joined</dt>
        <dd>
          <When at={view.createdAt} ctx={ctx} />
        </dd>
        <dt>Confirmed</dt>
        <dd>
          <When at={view.confirmedAt} ctx={ctx} />
        </dd>
        <dt>Unsubscribed</dt>
        <dd>
          <When at={view.unsubscribedAt} ctx={ctx} />
        </dd>
      </dl>
      <h2>Consent</h2>
      <dl class="facts">
        <dt>Given</dt>
        <dd>
          <When at={view.consent.at} ctx={ctx} />
        </dd>
        <dt>Where</dt>
        <dd>{view.consent.source || '—'}</dd>
        <dt>From IP address</dt>
        <dd>{view.consent.ip ?? '—'}</dd>
      </dl>
      <h2>Lists</h2>
      {view.subscriptions.length ? (
        <ul>
          {view.subscriptions.map((s) => (
            <li>
              {s.name}: {SUBSCRIPTION_LABELS[s.status] ?? s.status} (since <When at={s.since} ctx={ctx} />)
            </li>
          ))}
        </ul>
      ) : (
        <p>On no list.</p>
      )}
      <h2>Issues sent</h2>
      {view.deliveries.length ? (
        <table class="manage-table">
          <caption class="visually-hidden">Issues sent to this address, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Issue</th>
              <th scope="col">List</th>
              <th scope="col">Delivery</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {view.deliveries.map((d) => (
              <tr>
                <th scope="row">{d.subject}</th>
                <td>{d.list}</td>
                <td>{d.state}</td>
                <td>
                  <When at={d.sentAt} ctx={ctx} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No issue has been sent to this address.</p>
      )}
      <h2>Requests from this person</h2>
      <p class="row-actions">
        <a href={`/admin/subscribers/${view.id}/export`} download>
          Export this person’s data
        </a>
      </p>
      {canUnsubscribe && (
        <>
          <p>Unsubscribing stops every list at once, as the person’s own unsubscribe link would.</p>
          <ActionForm action={`/admin/subscribers/${view.id}/unsubscribe`} csrf={ctx.csrf}>
            Mark as unsubscribed
          </ActionForm>
        </>
      )}
      <p>
        <a class="button-danger" href={`/admin/subscribers/${view.id}/delete`}>
          Delete this person
        </a>
      </p>
    </NewsroomShell>
  );
}

export function SubscriberDeletePage({
  ctx,
  view,
}: {
  ctx: NewsroomContext;
  view: { id: number; email: string; sent: number; errors: FieldError[] };
}) {
  return (
    <NewsroomShell ctx={ctx} title={`Delete ${view.email}?`}>
      <p>
        <a href={`/admin/subscribers/${view.id}`}>Back to {view.email}</a>
      </p>
      <h1>Delete {view.email}?</h1>
      <ErrorSummary errors={view.errors} />
      <p id="delete-help">
        This removes the address, its consent record and its lists for good.{' '}
        {view.sent > 0 ? `The ${view.sent === 1 ? 'issue' : `${view.sent} issues`} sent to it keep their counts, without the address.` : ''}{' '}
        It cannot be undone; if the person may write again, export their data first.
      </p>
      <form method="post" action={`/admin/subscribers/${view.id}/delete`} class="stack" aria-describedby="delete-help">
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="confirm" value="yes" />
        <p>
          <button type="submit" class="button-danger">
            Delete {view.email}
          </button>
        </p>
      </form>
    </NewsroomShell>
  );
}
