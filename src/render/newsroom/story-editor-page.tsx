import type { ComponentChildren } from 'preact';
import type { Checklist } from '../../content/checklist.js';
import type { FieldError, NewsroomContext, Option } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';
import { formatNewsroomTime } from './newsroom-time.js';

export interface StoryEditorView {
  story: {
    id: number | null;
    title: string;
    dek: string;
    slug: string;
    format: string;
    sections: string[];
    tags: string[];
    authors: string[];
    image: string;
    body: string;
    excerpt: string;
    seoTitle: string;
    seoDescription: string;
    unpublishAt: string;
    revision: number;
    stage: string;
    stageLabel: string;
    publishAt: string | null;
    publishedAt: string | null;
    modifiedBy: string | null;
    modifiedAt: string | null;
    publicUrl: string | null;
  };
  options: { formats: Option[]; sections: Option[]; tags: Option[]; authors: Option[]; images: Option[]; tagKinds: Option[] };
  errors: FieldError[];
  notice: string | null;
  checklist: Checklist | null;
  moves: Array<{ move: string; label: string; needsTime: boolean }>;
  canAddNote: boolean;
  canAnnotate: boolean;
  canDelete: boolean;
  notes: Array<{ kind: string; at: string; note: string }>;
  internalNotes: Array<{ by: string | null; at: string; body: string }>;
  previewUrl: string | null;
}

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ComponentChildren }) {
  return (
    <p class="field">
      <label for={id}>{label}</label>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {children}
    </p>
  );
}

function MultiSelect({
  id,
  name,
  label,
  hint,
  options,
  selected,
}: {
  id: string;
  name: string;
  label: string;
  hint: string;
  options: Option[];
  selected: string[];
}) {
  return (
    <Field id={id} label={label} hint={hint}>
      <select id={id} name={name} multiple size={Math.min(8, Math.max(3, options.length))} aria-describedby={`${id}-hint`}>
        {options.map((o) => (
          <option value={o.value} selected={selected.includes(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function StoryEditorPage({ ctx, view }: { ctx: NewsroomContext; view: StoryEditorView }) {
  const s = view.story;
  const title = s.id ? `Edit: ${s.title || 'Untitled story'}` : 'New story';
  const action = s.id ? `/admin/stories/${s.id}` : '/admin/stories';
  const primary = s.sections[0] ?? '';
  return (
    <NewsroomShell ctx={ctx} title={title}>
      <div class="page-head">
        <h1>{title}</h1>
        {s.id && (
          <p class="stage-line">
            Stage: <span class={`stage stage-${s.stage}`}>{s.stageLabel}</span>
            {s.publishAt && <> · goes live {formatNewsroomTime(s.publishAt, ctx)}</>}
            {s.publicUrl && (
              <>
                {' '}
                · <a href={s.publicUrl}>View on site</a>
              </>
            )}
          </p>
        )}
      </div>
      <ErrorSummary errors={view.errors} />
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <div class="editor-layout">
        <form
          method="post"
          action={action}
          id="story-form"
          class="story-form stack"
          data-autosave={s.id ? `/admin/stories/${s.id}/autosave` : undefined}
        >
          <CsrfField token={ctx.csrf} />
          <input type="hidden" name="revision" value={String(s.revision)} />
          <p class="autosave-status" role="status" aria-live="polite" id="autosave-status">
            {s.modifiedAt ? `Last saved ${formatNewsroomTime(s.modifiedAt, ctx)}${s.modifiedBy ? ` by ${s.modifiedBy}` : ''}.` : ''}
          </p>
          <Field id="f-title" label="Headline">
            <input id="f-title" name="title" type="text" value={s.title} maxLength={300} required class="input-headline" />
          </Field>
          <Field id="f-dek" label="Dek" hint="One or two sentences under the headline.">
            <textarea id="f-dek" name="dek" rows={2} maxLength={600} aria-describedby="f-dek-hint">
              {s.dek}
            </textarea>
          </Field>
          <Field
            id="f-slug"
            label="Address (slug)"
            hint="Made from the headline when left empty. Changing it later keeps the old address working."
          >
            <input
              id="f-slug"
              name="slug"
              type="text"
              value={s.slug}
              maxLength={120}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              aria-describedby="f-slug-hint"
            />
          </Field>
          <div class="field-row">
            <Field id="f-format" label="Format">
              <select id="f-format" name="format">
                <option value="">No format yet</option>
                {view.options.formats.map((o) => (
                  <option value={o.value} selected={o.value === s.format}>
                    {o.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="f-primary" label="Primary section">
              <select id="f-primary" name="primary_section">
                <option value="">No section yet</option>
                {view.options.sections.map((o) => (
                  <option value={o.value} selected={o.value === primary}>
                    {o.label}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <MultiSelect
            id="f-sections"
            name="sections"
            label="Also in sections"
            hint="Hold Ctrl (Cmd on a Mac) to pick several."
            options={view.options.sections}
            selected={s.sections.slice(1)}
          />
          <MultiSelect
            id="f-authors"
            name="authors"
            label="Byline"
            hint="Co-authors in the order picked; hold Ctrl or Cmd for several."
            options={view.options.authors}
            selected={s.authors}
          />
          <MultiSelect
            id="f-tags"
            name="tags"
            label="Tags"
            hint="People, organizations, places and topics."
            options={view.options.tags}
            selected={s.tags}
          />
          <div class="field-row">
            <Field id="f-new-tags" label="New tags" hint="Names separated by commas; they are created on save.">
              <input id="f-new-tags" name="new_tags" type="text" maxLength={500} aria-describedby="f-new-tags-hint" />
            </Field>
            <Field id="f-new-tag-kind" label="Kind of the new tags">
              <select id="f-new-tag-kind" name="new_tag_kind">
                {view.options.tagKinds.map((o) => (
                  <option value={o.value}>{o.label}</option>
                ))}
              </select>
            </Field>
          </div>
          <Field id="f-image" label="Lead image" hint="From the media library; it needs alt text and a credit before publishing.">
            <select id="f-image" name="image" aria-describedby="f-image-hint">
              <option value="">No lead image</option>
              {view.options.images.map((o) => (
                <option value={o.value} selected={o.value === s.image}>
                  {o.label}
                </option>
              ))}
            </select>
          </Field>
          <div class="field body-field">
            <label for="body" id="body-label">
              Body
            </label>
            <div data-rich-text-editor data-input="body" aria-labelledby="body-label"></div>
            <textarea id="body" name="body" rows={16} class="body-json">
              {s.body}
            </textarea>
          </div>
          <Field id="f-excerpt" label="Excerpt" hint="For cards and feeds; the first paragraph stands in when empty.">
            <textarea id="f-excerpt" name="excerpt" rows={3} maxLength={1000} aria-describedby="f-excerpt-hint">
              {s.excerpt}
            </textarea>
          </Field>
          <details class="seo">
            <summary>Search and sharing</summary>
            <Field id="f-seo-title" label="SEO title" hint="Defaults to the headline.">
              <input id="f-seo-title" name="seo_title" type="text" value={s.seoTitle} maxLength={300} aria-describedby="f-seo-title-hint" />
            </Field>
            <Field id="f-seo-description" label="SEO description" hint="Defaults to the dek.">
              <textarea id="f-seo-description" name="seo_description" rows={2} maxLength={600} aria-describedby="f-seo-description-hint">
                {s.seoDescription}
              </textarea>
            </Field>
            <Field id="f-unpublish-at" label={`Take down at (${ctx.zone})`} hint="Optional: the story is unpublished at this minute.">
              <input
                id="f-unpublish-at"
                name="unpublish_at"
                type="datetime-local"
                value={s.unpublishAt}
                aria-describedby="f-unpublish-at-hint"
              />
            </Field>
          </details>
          <p class="form-actions">
            <button type="submit" class="button-primary">
              {s.id ? 'Save' : 'Create draft'}
            </button>
          </p>
        </form>
        {s.id && <EditorSidebar ctx={ctx} view={view} />}
      </div>
    </NewsroomShell>
  );
}

function EditorSidebar({ ctx, view }: { ctx: NewsroomContext; view: StoryEditorView }) {
  const s = view.story;
  const base = `/admin/stories/${s.id}`;
  return (
    <aside class="editor-sidebar stack" aria-label="Workflow">
      {view.checklist && (
        <section aria-labelledby="checklist-heading">
          <h2 id="checklist-heading">Before publishing</h2>
          <ul class="checklist">
            {view.checklist.required.map((item) => (
              <li class={item.ok ? 'ok' : 'missing'}>
                {item.ok ? '✓ ' : '✗ '}
                {item.label}
                {item.ok ? '' : ' (required)'}
              </li>
            ))}
            {view.checklist.recommended.map((item) => (
              <li class={item.ok ? 'ok' : 'warn'}>
                {item.ok ? '✓ ' : '! '}
                {item.label}
                {item.ok ? '' : ' (recommended)'}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="moves-heading">
        <h2 id="moves-heading">Workflow</h2>
        {view.moves.length === 0 && <p>No moves are open to you at this stage.</p>}
        {view.moves.map((m) => (
          <form method="post" action={`${base}/move`} class="move-form">
            <CsrfField token={ctx.csrf} />
            <input type="hidden" name="move" value={m.move} />
            <input type="hidden" name="revision" value={String(s.revision)} />
            {m.needsTime && (
              <p class="field">
                <label for={`publish-at-${m.move}`}>Publish at ({ctx.zone})</label>
                <input id={`publish-at-${m.move}`} name="publish_at" type="datetime-local" required />
              </p>
            )}
            <button type="submit">{m.label}</button>
          </form>
        ))}
      </section>
      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">Preview</h2>
        {view.previewUrl ? (
          <p>
            Private link, valid for 7 days: <a href={view.previewUrl}>open the preview</a>
          </p>
        ) : (
          <form method="post" action={`${base}/preview`}>
            <CsrfField token={ctx.csrf} />
            <button type="submit">Make a private preview link</button>
          </form>
        )}
        <p>
          <a href={`${base}/revisions`}>Revision history</a>
        </p>
      </section>
      {view.canAddNote && (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">Update and correction notes</h2>
          {view.notes.length > 0 && (
            <ul class="note-list">
              {view.notes.map((n) => (
                <li>
                  <strong>{n.kind === 'correction' ? 'Correction' : 'Update'}</strong>, {formatNewsroomTime(n.at, ctx)}: {n.note}
                </li>
              ))}
            </ul>
          )}
          <form method="post" action={`${base}/notes`} class="stack">
            <CsrfField token={ctx.csrf} />
            <p class="field">
              <label for="note-kind">Kind</label>
              <select id="note-kind" name="kind">
                <option value="update">Update</option>
                <option value="correction">Correction</option>
              </select>
            </p>
            <p class="field">
              <label for="note-text">Note shown on the story</label>
              <textarea id="note-text" name="note" rows={3} maxLength={2000} required></textarea>
            </p>
            <button type="submit">Add note</button>
          </form>
        </section>
      )}
      {view.canAnnotate && (
        <section aria-labelledby="internal-heading">
          <h2 id="internal-heading">Internal notes</h2>
          <p class="hint">Only the newsroom sees these.</p>
          {view.internalNotes.length > 0 && (
            <ul class="note-list">
              {view.internalNotes.map((n) => (
                <li>
                  <strong>{n.by ?? 'Former staff'}</strong>, {formatNewsroomTime(n.at, ctx)}: {n.body}
                </li>
              ))}
            </ul>
          )}
          <form method="post" action={`${base}/internal-notes`} class="stack">
            <CsrfField token={ctx.csrf} />
            <p class="field">
              <label for="internal-note">Note for the team</label>
              <textarea id="internal-note" name="body" rows={3} maxLength={5000} required></textarea>
            </p>
            <button type="submit">Add internal note</button>
          </form>
        </section>
      )}
      {view.canDelete && (
        <section aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete</h2>
          <form method="post" action={`${base}/delete`}>
            <CsrfField token={ctx.csrf} />
            <p class="field">
              <label>
                <input type="checkbox" name="confirm" value="yes" required /> Delete this story for good
              </label>
            </p>
            <button type="submit" class="button-danger">
              Delete story
            </button>
          </form>
        </section>
      )}
    </aside>
  );
}
