import type { OutboxMessage, OutboxRow } from '../../mail/outbox.js';
import type { NewsroomContext } from './newsroom-view.js';
import { NewsroomShell, Notice } from './newsroom-shell.js';
import { formatNewsroomTime } from './newsroom-time.js';

// The outbox: mail written to disk because no SMTP server is configured, newest first,
// and one message's headers and text. Mail HTML is never rendered here, only shown as
// escaped source: a message is not trusted to run or load anything in the newsroom.

export interface OutboxListView {
  /** False when SMTP_URL is set: mail leaves through the server and nothing is kept. */
  kept: boolean;
  rows: OutboxRow[];
  total: number;
  page: number;
  pages: number;
}

/** The reader in mail/outbox.ts returns exactly what the page shows. */
export type OutboxMessageView = OutboxMessage;

const n = (value: number) => value.toLocaleString('en-US');

function When({ at, ctx }: { at: string | null; ctx: NewsroomContext }) {
  return at ? <time datetime={at}>{formatNewsroomTime(at, ctx)}</time> : <>—</>;
}

export function OutboxPage({ ctx, view }: { ctx: NewsroomContext; view: OutboxListView }) {
  return (
    <NewsroomShell ctx={ctx} title="Outbox">
      <h1>Outbox</h1>
      {!view.kept ? (
        <Notice kind="info">
          Mail goes through the SMTP server set in <code>SMTP_URL</code>; the newsroom keeps no copy to list here.
        </Notice>
      ) : (
        <>
          <p>
            No SMTP server is set (<code>SMTP_URL</code>), so every message is written to the outbox folder instead of being sent. It may
            hold sign-in links: do not pass them on.
          </p>
          <p class="result-count" role="status">
            {view.total === 1 ? '1 message' : `${n(view.total)} messages`}
          </p>
          {view.rows.length > 0 && (
            <table class="manage-table">
              <caption class="visually-hidden">Messages, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">To</th>
                  <th scope="col">Subject</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((row) => (
                  <tr>
                    <td>
                      <When at={row.at} ctx={ctx} />
                    </td>
                    <td>{row.to || '—'}</td>
                    <td>
                      <a href={`/admin/outbox/${row.file}`}>{row.subject || '(no subject)'}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {view.pages > 1 && (
            <nav aria-label="Pages" class="pager">
              {view.page > 1 && (
                <a rel="prev" href={`/admin/outbox?page=${view.page - 1}`}>
                  Newer
                </a>
              )}
              <span>
                Page {view.page} of {n(view.pages)}
              </span>
              {view.page < view.pages && (
                <a rel="next" href={`/admin/outbox?page=${view.page + 1}`}>
                  Older
                </a>
              )}
            </nav>
          )}
        </>
      )}
    </NewsroomShell>
  );
}

export function OutboxMessagePage({ ctx, view }: { ctx: NewsroomContext; view: OutboxMessageView }) {
  return (
    <NewsroomShell ctx={ctx} title={`Outbox: ${view.subject || '(no subject)'}`}>
      <p>
        <a href="/admin/outbox">All messages</a>
      </p>
      <h1>{view.subject || '(no subject)'}</h1>
      <dl class="facts">
        <dt>From</dt>
        <dd>{view.from || '—'}</dd>
        <dt>To</dt>
        <dd>{view.to || '—'}</dd>
        <dt>Subject</dt>
        <dd>{view.subject || '—'}</dd>
        <dt>Date</dt>
        <dd>
          <When at={view.date} ctx={ctx} />
        </dd>
        <dt>Written</dt>
        <dd>
          <When at={view.at} ctx={ctx} />
        </dd>
        <dt>Message-ID</dt>
        <dd>
          <code>{view.messageId || '—'}</code>
        </dd>
        <dt>List-Unsubscribe</dt>
        <dd>{view.listUnsubscribe ? <code class="mail-source">{view.listUnsubscribe}</code> : '—'}</dd>
        <dt>File</dt>
        <dd>
          <code>{view.file}</code>
        </dd>
      </dl>
      <h2>Plain text</h2>
      {view.text ? <pre class="mail-source">{view.text}</pre> : <p>This message has no plain-text part.</p>}
      {view.html !== null && (
        <details class="mail-html">
          <summary>HTML part (source, not rendered)</summary>
          <pre class="mail-source">
            <code>{view.html}</code>
          </pre>
        </details>
      )}
    </NewsroomShell>
  );
}
