import { EmailPreview } from './email-preview.js';
import { ActionForm, TextArea, TextField } from './manage-fields.js';
import type { FieldError, NewsroomContext } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';
import { formatNewsroomTime } from './newsroom-time.js';
import { STATUS_LABELS } from './newsletters-page.js';

// One issue. A draft is edited here: subject and introduction, the stories (move, remove,
// add), previews, a test to oneself, then send or schedule. Every form carries the
// issue's revision, so a stale tab gets a conflict instead of overwriting. Once scheduled
// it is read-only (cancel brings it back to draft); once sending, the page shows counts.

export interface IssueStoryView {
  id: number;
  title: string;
  slug: string;
  visible: boolean;
  publishedAt: string | null;
}

export interface IssueStatsView {
  recipients: number;
  sent: number;
  queued: number;
  failed: number;
  bounced: number;
  skipped: number;
  uncertain: number;
  uncertainAddresses: string[];
  unsubscribed: number;
}

export interface IssuePageView {
  id: number;
  listName: string;
  status: string;
  revision: number;
  subject: string;
  intro: string;
  sendAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  stories: IssueStoryView[];
  candidates: Array<{ id: number; title: string; publishedAt: string | null }>;
  /** The datetime-local value the schedule field shows. */
  scheduleValue: string;
  stats: IssueStatsView | null;
  recipients: number;
  /** The footer needs the publication's postal address; until it is set, the mail says so. */
  postalAddressMissing: boolean;
  errors: FieldError[];
  notice: { kind: 'ok' | 'error'; text: string } | null;
}

function StoryList({ ctx, view, editable }: { ctx: NewsroomContext; view: IssuePageView; editable: boolean }) {
  if (view.stories.length === 0) return <p>No stories yet.</p>;
  const revision = String(view.revision);
  const action = `/admin/newsletters/issues/${view.id}/stories`;
  return (
    <ol class="issue-stories">
      {view.stories.map((story, index) => (
        <li>
          <a href={`/${story.slug}`}>{story.title}</a>
          {!story.visible && <strong> (not published: it will be left out)</strong>}
          {editable && (
            <div class="row-actions">
              {index > 0 && (
                <ActionForm action={action} csrf={ctx.csrf} fields={{ op: 'up', article: String(story.id), revision }}>
                  Move up<span class="visually-hidden">: {story.title}</span>
                </ActionForm>
              )}
              {index < view.stories.length - 1 && (
                <ActionForm action={action} csrf={ctx.csrf} fields={{ op: 'down', article: String(story.id), revision }}>
                  Move down<span class="visually-hidden">: {story.title}</span>
                </ActionForm>
              )}
              <ActionForm action={action} csrf={ctx.csrf} fields={{ op: 'remove', article: String(story.id), revision }}>
                Remove<span class="visually-hidden">: {story.title}</span>
              </ActionForm>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

function Stats({ stats, csrf, base }: { stats: IssueStatsView; csrf: string | null; base: string }) {
  const rows: Array<[string, number]> = [
    ['Recipients', stats.recipients],
    ['Sent', stats.sent],
    ['Queued', stats.queued],
    ['Failed', stats.failed],
    ['Bounced', stats.bounced],
    ['Skipped', stats.skipped],
    ['Uncertain', stats.uncertain],
    ['Unsubscribed through this issue', stats.unsubscribed],
  ];
  return (
    <section aria-labelledby="stats-heading">
      <h2 id="stats-heading">Delivery</h2>
      <table class="manage-table">
        <caption class="visually-hidden">Delivery counts for this issue</caption>
        <tbody>
          {rows.map(([label, n]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">No opens or clicks are tracked.</p>
      {stats.uncertain > 0 && (
        <>
          <h3>Uncertain deliveries</h3>
          <p>
            These messages were being handed to the mail server when the send was interrupted. They may or may not have arrived, so they
            were not sent again.
          </p>
          <ul>
            {stats.uncertainAddresses.map((email) => (
              <li>{email}</li>
            ))}
          </ul>
          {stats.uncertain > stats.uncertainAddresses.length && <p>… and {stats.uncertain - stats.uncertainAddresses.length} more.</p>}
          <p>Sending again reaches those who did not get it, and gives a second copy to those who did.</p>
          <ActionForm action={`${base}/resend-uncertain`} csrf={csrf}>
            Send again to the {stats.uncertain} uncertain
          </ActionForm>
        </>
      )}
    </section>
  );
}

/**
 * Sending at once mails the whole list, so it takes two deliberate steps, with or without
 * JavaScript: tick the box that names how many people it reaches, then press the button.
 * The server refuses the send without the box (issue-routes.ts).
 */
function SendNowForm(props: { ctx: NewsroomContext; base: string; revision: string; recipients: number; listName: string }) {
  const count = new Intl.NumberFormat(props.ctx.locale).format(props.recipients);
  const whom = props.recipients === 1 ? '1 subscriber' : `${count} subscribers`;
  return (
    <form method="post" action={`${props.base}/schedule`} class="stack send-now">
      <CsrfField token={props.ctx.csrf} />
      <input type="hidden" name="revision" value={props.revision} />
      <input type="hidden" name="when" value="now" />
      <p class="checkbox-field">
        <input type="checkbox" id="send-now-confirm" name="confirm" value="yes" required />
        <label for="send-now-confirm">
          Send to {whom} of {props.listName} now
        </label>
      </p>
      <p>
        <button type="submit">Send now</button>
      </p>
    </form>
  );
}

export function IssuePage({ ctx, view }: { ctx: NewsroomContext; view: IssuePageView }) {
  const editable = view.status === 'draft';
  const revision = String(view.revision);
  const base = `/admin/newsletters/issues/${view.id}`;
  const title = `Issue: ${view.subject}`;
  return (
    <NewsroomShell ctx={ctx} title={title}>
      <p>
        <a href="/admin/newsletters">All newsletters</a>
      </p>
      <h1>{view.subject}</h1>
      <p>
        {view.listName} · <strong>{STATUS_LABELS[view.status] ?? view.status}</strong>
        {view.status === 'scheduled' && view.sendAt && <> for {formatNewsroomTime(view.sendAt, ctx)}</>}
        {view.startedAt && <> · started {formatNewsroomTime(view.startedAt, ctx)}</>}
        {view.finishedAt && <> · finished {formatNewsroomTime(view.finishedAt, ctx)}</>}
      </p>
      {view.notice && <Notice kind={view.notice.kind}>{view.notice.text}</Notice>}
      <ErrorSummary errors={view.errors} />
      {editable && view.postalAddressMissing && (
        <Notice kind="info">
          The publication’s postal address is not set, and the law in many countries requires it in every newsletter.{' '}
          <a href="/admin/settings">Set it in Settings</a> (admins and the owner) before sending.
        </Notice>
      )}
      <EmailPreview base={base} />

      {editable ? (
        <form method="post" action={base} class="stack">
          <CsrfField token={ctx.csrf} />
          <input type="hidden" name="revision" value={revision} />
          <TextField form="issue" name="subject" label="Subject" value={view.subject} required maxLength={200} errors={view.errors} />
          <TextArea
            form="issue"
            name="intro"
            label="Introduction"
            value={view.intro}
            rows={8}
            maxLength={10000}
            errors={view.errors}
            hint="Plain text. Leave a blank line between paragraphs. Its first line is the preview inboxes show."
          />
          <p>
            <button type="submit" class="button-primary">
              Save
            </button>
          </p>
        </form>
      ) : (
        <section aria-labelledby="intro-heading">
          <h2 id="intro-heading">Introduction</h2>
          {view.intro ? view.intro.split(/\n\s*\n/).map((p) => <p class="issue-intro">{p}</p>) : <p>None.</p>}
        </section>
      )}

      <h2>Stories</h2>
      <StoryList ctx={ctx} view={view} editable={editable} />
      {editable && view.candidates.length > 0 && (
        <form method="post" action={`${base}/stories`} class="stack">
          <CsrfField token={ctx.csrf} />
          <input type="hidden" name="revision" value={revision} />
          <input type="hidden" name="op" value="add" />
          <p class="field">
            <label for="add-article">Add a story</label>
            <select id="add-article" name="article">
              {view.candidates.map((c) => (
                <option value={String(c.id)}>
                  {c.title}
                  {c.publishedAt ? ` (${formatNewsroomTime(c.publishedAt, ctx)})` : ''}
                </option>
              ))}
            </select>
          </p>
          <p>
            <button type="submit">Add the story</button>
          </p>
        </form>
      )}

      {editable && (
        <section aria-labelledby="send-heading">
          <h2 id="send-heading">Send</h2>
          <ActionForm action={`${base}/test`} csrf={ctx.csrf}>
            Send a test to me
          </ActionForm>
          <SendNowForm ctx={ctx} base={base} revision={revision} recipients={view.recipients} listName={view.listName} />
          <form method="post" action={`${base}/schedule`} class="stack">
            <CsrfField token={ctx.csrf} />
            <input type="hidden" name="revision" value={revision} />
            <input type="hidden" name="when" value="later" />
            <p class="field">
              <label for="send-at">Send at</label>
              <span class="hint" id="send-at-hint">
                In the publication’s time zone ({ctx.zone}).
              </span>
              <input
                type="datetime-local"
                id="send-at"
                name="send_at"
                value={view.scheduleValue}
                required
                aria-describedby="send-at-hint"
              />
            </p>
            <p>
              <button type="submit">Schedule</button>
            </p>
          </form>
        </section>
      )}
      {view.status === 'scheduled' && (
        <ActionForm action={`${base}/cancel`} csrf={ctx.csrf}>
          Cancel schedule
        </ActionForm>
      )}
      {view.stats && <Stats stats={view.stats} csrf={ctx.csrf} base={base} />}
    </NewsroomShell>
  );
}
