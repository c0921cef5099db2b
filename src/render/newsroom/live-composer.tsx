import type { NewsroomContext, Option } from './newsroom-view.js';
import { CsrfField } from './newsroom-shell.js';
import { formatNewsroomTime } from './newsroom-time.js';

// Live coverage on a story's newsroom page (docs/live-coverage.md): start or end the
// coverage, a compact composer (markdown-ish text, a byline that defaults to the poster,
// key event and pinned), and the entries with their edit and delete forms. Plain forms:
// every action works without script (src/newsroom/live-routes.ts).

export interface LiveComposerEntry {
  id: number;
  /** The body as composer text; null when it holds images or embeds (not editable as text). */
  source: string | null;
  /** One line of the body, for the list. */
  summary: string;
  at: string;
  editedAt: string | null;
  authorId: number | null;
  byline: string | null;
  keyEvent: boolean;
  pinned: boolean;
}

export interface LiveComposerView {
  storyId: number;
  status: 'off' | 'live' | 'ended';
  startedAt: string | null;
  endedAt: string | null;
  /** Readers see the coverage only once the story is published. */
  published: boolean;
  /** Author profiles for the byline; value is the profile id. */
  authors: Option[];
  /** The poster's own profile id, or '' for none. */
  defaultAuthor: string;
  /** Newest first. */
  entries: LiveComposerEntry[];
}

function BylineSelect({ id, authors, selected }: { id: string; authors: Option[]; selected: string }) {
  return (
    <p class="field">
      <label for={id}>Byline</label>
      <select id={id} name="author_id">
        <option value="" selected={selected === ''}>
          No byline
        </option>
        {authors.map((a) => (
          <option value={a.value} selected={a.value === selected}>
            {a.label}
          </option>
        ))}
      </select>
    </p>
  );
}

function Flags({ prefix, keyEvent, pinned }: { prefix: string; keyEvent: boolean; pinned: boolean }) {
  return (
    <p class="live-flags">
      <label>
        <input type="checkbox" name="key_event" value="on" checked={keyEvent} id={`${prefix}-key`} /> Key event
      </label>{' '}
      <label>
        <input type="checkbox" name="pinned" value="on" checked={pinned} id={`${prefix}-pinned`} /> Pinned
      </label>
    </p>
  );
}

function EntryItem({ ctx, view, entry }: { ctx: NewsroomContext; view: LiveComposerView; entry: LiveComposerEntry }) {
  const base = `/admin/stories/${view.storyId}/live/entries/${entry.id}`;
  const prefix = `live-entry-${entry.id}`;
  return (
    <li class="live-composer-entry" id={prefix}>
      <p class="live-composer-meta">
        <strong>{formatNewsroomTime(entry.at, ctx)}</strong>
        {entry.byline && <> · {entry.byline}</>}
        {entry.pinned && <> · Pinned</>}
        {entry.keyEvent && <> · Key event</>}
        {entry.editedAt && <> · updated {formatNewsroomTime(entry.editedAt, ctx)}</>}
      </p>
      <p class="live-composer-summary">{entry.summary}</p>
      <details>
        <summary>
          Edit<span class="visually-hidden"> the entry of {formatNewsroomTime(entry.at, ctx)}</span>
        </summary>
        <form method="post" action={base} class="stack">
          <CsrfField token={ctx.csrf} />
          {entry.source === null ? (
            <p class="hint">This entry holds images or embeds: only its byline and marks can be changed here.</p>
          ) : (
            <p class="field">
              <label for={`${prefix}-body`}>Entry</label>
              <textarea id={`${prefix}-body`} name="body" rows={5} maxLength={20000} required>
                {entry.source}
              </textarea>
            </p>
          )}
          <BylineSelect id={`${prefix}-author`} authors={view.authors} selected={entry.authorId === null ? '' : String(entry.authorId)} />
          <Flags prefix={prefix} keyEvent={entry.keyEvent} pinned={entry.pinned} />
          <button type="submit">Save entry</button>
        </form>
      </details>
      <form method="post" action={`${base}/delete`}>
        <CsrfField token={ctx.csrf} />
        <button type="submit" class="button-danger">
          Delete<span class="visually-hidden"> the entry of {formatNewsroomTime(entry.at, ctx)}</span>
        </button>
      </form>
    </li>
  );
}

export function LiveComposer({ ctx, view }: { ctx: NewsroomContext; view: LiveComposerView | null | undefined }) {
  if (!view) return null;
  const base = `/admin/stories/${view.storyId}/live`;
  return (
    <section aria-labelledby="live-coverage-heading" id="live-coverage" class="live-composer stack">
      <h2 id="live-coverage-heading">Live coverage</h2>
      <p>
        {view.status === 'off' && 'Not live. Start live coverage to post timestamped entries on this story.'}
        {view.status === 'live' && view.startedAt && <>Live since {formatNewsroomTime(view.startedAt, ctx)}.</>}
        {view.status === 'ended' && view.startedAt && view.endedAt && (
          <>
            Ended {formatNewsroomTime(view.endedAt, ctx)} (started {formatNewsroomTime(view.startedAt, ctx)}). The page stays as a record.
          </>
        )}
        {view.status !== 'off' && !view.published && ' Readers see it once the story is published.'}
      </p>
      <form method="post" action={`${base}/${view.status === 'live' ? 'end' : 'start'}`}>
        <CsrfField token={ctx.csrf} />
        <button type="submit">
          {view.status === 'live' ? 'End coverage' : view.status === 'ended' ? 'Resume live coverage' : 'Start live coverage'}
        </button>
      </form>
      {view.status === 'live' && (
        <form method="post" action={`${base}/entries`} class="stack live-composer-form">
          <CsrfField token={ctx.csrf} />
          <p class="field">
            <label for="live-entry-body">New entry</label>
            <textarea id="live-entry-body" name="body" rows={5} maxLength={20000} required aria-describedby="live-entry-hint"></textarea>
            <span class="hint" id="live-entry-hint">
              A blank line starts a new paragraph; **bold**, _italic_, [links](https://…) and - lists work.
            </span>
          </p>
          <BylineSelect id="live-entry-author" authors={view.authors} selected={view.defaultAuthor} />
          <Flags prefix="live-entry-new" keyEvent={false} pinned={false} />
          <button type="submit">Post entry</button>
        </form>
      )}
      {view.entries.length > 0 && (
        <>
          <h3>Entries ({view.entries.length})</h3>
          <ol class="live-composer-entries">
            {view.entries.map((entry) => (
              <EntryItem ctx={ctx} view={view} entry={entry} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
