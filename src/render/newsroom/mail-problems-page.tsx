import { ActionForm } from './manage-fields.js';
import type { NewsroomContext } from './newsroom-view.js';
import { NewsroomShell, Notice } from './newsroom-shell.js';
import { formatNewsroomTime } from './newsroom-time.js';

// Account and staff mail the mail server did not take (mail/mail-failures.ts), newest
// first: when, what kind, to whom (masked) and the server's own words. The home page
// carries a short notice while any is unread (MailProblemsNotice).

export interface MailProblemRow {
  at: string;
  kind: string;
  recipient: string;
  error: string;
  unseen: boolean;
}

export interface MailProblemsView {
  rows: MailProblemRow[];
  unseen: number;
  kept: { rows: number; days: number };
  notice: string | null;
}

export interface MailProblemsNoticeView {
  count: number;
  latest: string | null;
}

const mails = (count: number) => (count === 1 ? '1 mail' : `${count.toLocaleString('en-US')} mails`);

export function MailProblemsPage({ ctx, view }: { ctx: NewsroomContext; view: MailProblemsView }) {
  return (
    <NewsroomShell ctx={ctx} title="Mail problems">
      <h1>Mail problems</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <p>
        Account mail the mail server did not accept: password resets, sign-up confirmations, newsletter tests. Newsletter deliveries are
        counted on each issue instead. The last {view.kept.rows} from the past {view.kept.days} days are kept.
      </p>
      {view.rows.length === 0 ? (
        <p role="status">No mail has failed.</p>
      ) : (
        <>
          <p role="status">{view.unseen > 0 ? `${mails(view.unseen)} not yet marked as read.` : 'All marked as read.'}</p>
          {view.unseen > 0 && (
            <ActionForm action="/admin/mail-problems/seen" csrf={ctx.csrf}>
              Mark all as read
            </ActionForm>
          )}
          <table class="manage-table">
            <caption class="visually-hidden">Failed mail, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Kind</th>
                <th scope="col">To</th>
                <th scope="col">Mail server's answer</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((row) => (
                <tr class={row.unseen ? 'is-unseen' : undefined}>
                  <td>
                    <time datetime={row.at}>{formatNewsroomTime(row.at, ctx)}</time>
                  </td>
                  <td>{row.kind}</td>
                  <td>{row.recipient}</td>
                  <td>
                    <code>{row.error}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </NewsroomShell>
  );
}

/** The home page's line while failed mail is unread; nothing otherwise. */
export function MailProblemsNotice({ notice, ctx }: { notice: MailProblemsNoticeView | null | undefined; ctx: NewsroomContext }) {
  if (!notice || notice.count === 0) return null;
  return (
    <Notice kind="error">
      {mails(notice.count)} could not be sent
      {notice.latest && (
        <>
          {' '}
          (latest <time datetime={notice.latest}>{formatNewsroomTime(notice.latest, ctx)}</time>)
        </>
      )}
      . <a href="/admin/mail-problems">See the mail problems</a>.
    </Notice>
  );
}
