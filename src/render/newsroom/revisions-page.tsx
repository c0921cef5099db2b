import type { FieldDiff } from '../../content/revision-diff.js';
import type { NewsroomContext } from './newsroom-view.js';
import { CsrfField, NewsroomShell } from './newsroom-shell.js';
import { formatNewsroomRange, formatNewsroomTime } from './newsroom-time.js';

/** When a revision was saved: one time, or the range of the saves merged into it. */
function savedWhen(revision: { at: string; until: string | null }, ctx: NewsroomContext): string {
  return revision.until && revision.until !== revision.at
    ? formatNewsroomRange(revision.at, revision.until, ctx)
    : formatNewsroomTime(revision.at, ctx);
}

export interface RevisionsView {
  story: { id: number; title: string; revision: number };
  /** `at` is a revision's first save; `until` its last, when several saves were merged into it. */
  revisions: Array<{ id: number; revision: number; at: string; until: string | null; by: string | null }>;
  /** The revision being compared with the current story, if one is chosen. */
  compared: { id: number; revision: number; at: string; until: string | null; by: string | null; diffs: FieldDiff[] } | null;
  canRestore: boolean;
}

export function RevisionsPage({ ctx, view }: { ctx: NewsroomContext; view: RevisionsView }) {
  const base = `/admin/stories/${view.story.id}`;
  return (
    <NewsroomShell ctx={ctx} title={`History: ${view.story.title || 'Untitled story'}`}>
      <p>
        <a href={base}>Back to the story</a>
      </p>
      <h1>History of “{view.story.title || 'Untitled story'}”</h1>
      {view.compared && (
        <section aria-labelledby="diff-heading" class="revision-diff">
          <h2 id="diff-heading">
            Revision {view.compared.revision} ({savedWhen(view.compared, ctx)}
            {view.compared.by ? `, ${view.compared.by}` : ''}) compared with now
          </h2>
          {view.compared.diffs.length === 0 && <p>No differences: this revision is what the story holds now.</p>}
          {view.compared.diffs.map((d) => (
            <div class="diff-field">
              <h3>{d.label}</h3>
              <p class="diff-text">
                {d.parts.map((p) =>
                  p.kind === 'added' ? <ins>{p.text}</ins> : p.kind === 'removed' ? <del>{p.text}</del> : <span>{p.text}</span>,
                )}
              </p>
            </div>
          ))}
          <p class="hint">Struck-through words are in that revision only; underlined words are in the current story only.</p>
          {view.canRestore && view.compared.diffs.length > 0 && (
            <form method="post" action={`${base}/revisions/${view.compared.id}/restore`}>
              <CsrfField token={ctx.csrf} />
              <button type="submit">Restore revision {view.compared.revision}</button>
            </form>
          )}
        </section>
      )}
      <h2>All revisions</h2>
      <ol class="revision-list" reversed>
        {view.revisions.map((r) => (
          <li>
            <a href={`${base}/revisions?compare=${r.id}`}>Revision {r.revision}</a>, {savedWhen(r, ctx)}
            {r.by ? ` by ${r.by}` : ''}
          </li>
        ))}
      </ol>
    </NewsroomShell>
  );
}
