import type { ComponentChildren } from 'preact';
import type { Checklist } from '../../content/checklist.js';
import type { FieldError, NewsroomContext, Option } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';
import { formatNewsroomTime } from './newsroom-time.js';
import { PresenceNotice } from './presence-notice.js';
import { LeadImageField, type LeadImageView } from './lead-image-field.js';
import { StoryMoveControls } from './story-move-controls.js';
import { LiveComposer, type LiveComposerView } from './live-composer.js';

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
  options: {
    formats: Option[];
    sections: Option[];
    tags: Option[];
    authors: Option[];
    images: Option[];
    tagKinds: Option[];
    /** The tags listed are the story's own and the first by name, not every tag. */
    tagsPartial?: boolean;
  };
  errors: FieldError[];
  /** The error summary's heading when the default ("Nothing was saved") is not true. */
  errorHeading?: string;
  notice: string | null;
  checklist: Checklist | null;
  moves: Array<{ move: string; label: string; needsTime: boolean }>;
  canAddNote: boolean;
  canAnnotate: boolean;
  canDelete: boolean;
  notes: Array<{ kind: string; at: string; note: string }>;
  internalNotes: Array<{ by: string | null; at: string; body: string }>;
  previewUrl: string | null;
  /** Live coverage (live-composer.tsx); null when the person may not cover the story live. */
  live?: LiveComposerView | null;
  leadImage: LeadImageView;
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

/** What the writing canvas shows; every other field is in the settings panel. */
const CANVAS_FIELDS = new Set(['title', 'dek', 'body', 'Conflict', 'Story', 'revision']);

export function StoryEditorPage({ ctx, view }: { ctx: NewsroomContext; view: StoryEditorView }) {
  const s = view.story;
  const title = s.id ? `Edit: ${s.title || 'Untitled story'}` : 'New story';
  const action = s.id ? `/admin/stories/${s.id}` : '/admin/stories';
  const primary = s.sections[0] ?? '';
  // A refused save opens the settings when a problem is in there, so its field is in sight.
  const settingsOpen = view.errors.some((e) => !CANVAS_FIELDS.has(e.field.split('.')[0]!));
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
      <ErrorSummary errors={view.errors} heading={view.errorHeading} />
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <PresenceNotice ctx={ctx} storyId={s.id} />
      <div class="editor-layout">
        <form
          method="post"
          action={action}
          id="story-form"
          class="story-form"
          data-autosave={s.id ? `/admin/stories/${s.id}/autosave` : undefined}
        >
          <CsrfField token={ctx.csrf} />
          <input type="hidden" name="revision" value={String(s.revision)} />
          <p class="autosave-status" role="status" aria-live="polite" id="autosave-status">
            {s.modifiedAt ? `Last saved ${formatNewsroomTime(s.modifiedAt, ctx)}${s.modifiedBy ? ` by ${s.modifiedBy}` : ''}.` : ''}
          </p>
          <details class="story-settings" id="story-settings" open={settingsOpen}>
            <summary aria-keyshortcuts="Alt+Shift+S" title="Story settings (Alt+Shift+S)">
              Story settings
            </summary>
            <div class="story-settings-panel" id="story-settings-panel" role="group" aria-label="Story settings">
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
              {/* Without JavaScript these are the plain fields; combobox.ts turns each group into one picker. */}
              <div
                class="picker-fallback stack"
                data-picker="sections"
                data-label="Sections"
                data-hint="The first is the primary section. Type to search; Alt+Up and Alt+Down reorder."
                data-primary="f-primary"
                data-carrier="f-sections"
              >
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
                <MultiSelect
                  id="f-sections"
                  name="sections"
                  label="Also in sections"
                  hint="Hold Ctrl (Cmd on a Mac) to pick several."
                  options={view.options.sections}
                  selected={s.sections.slice(1)}
                />
              </div>
              <div
                class="picker-fallback"
                data-picker="authors"
                data-label="Byline"
                data-hint="Co-authors in the order shown. Type to search; Alt+Up and Alt+Down reorder."
                data-carrier="f-authors"
                data-source="/admin/authors.json"
              >
                <MultiSelect
                  id="f-authors"
                  name="authors"
                  label="Byline"
                  hint="Co-authors in the order picked; hold Ctrl or Cmd for several."
                  options={view.options.authors}
                  selected={s.authors}
                />
              </div>
              <div
                class="picker-fallback stack"
                data-picker="tags"
                data-label="Tags"
                data-hint="People, organizations, places and topics. Type to search or to create a tag."
                data-carrier="f-tags"
                data-source="/admin/tags.json"
                data-create={view.options.tagKinds.map((o) => o.value).join(' ')}
              >
                <MultiSelect
                  id="f-tags"
                  name="tags"
                  label="Tags"
                  hint={
                    view.options.tagsPartial
                      ? 'People, organizations, places and topics. Only the first tags by name are listed: add any other by its name under New tags.'
                      : 'People, organizations, places and topics.'
                  }
                  options={view.options.tags}
                  selected={s.tags}
                />
                <div class="field-row">
                  <Field
                    id="f-new-tags"
                    label="New tags"
                    hint="Names separated by commas; they are created on save, or found when they exist."
                  >
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
              </div>
              <LeadImageField view={view.leadImage} />
              <Field id="f-excerpt" label="Excerpt" hint="For cards and feeds; the first paragraph stands in when empty.">
                <textarea id="f-excerpt" name="excerpt" rows={3} maxLength={1000} aria-describedby="f-excerpt-hint">
                  {s.excerpt}
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
              <h2 class="settings-subhead">Search and sharing</h2>
              <Field id="f-seo-title" label="SEO title" hint="Defaults to the headline.">
                <input
                  id="f-seo-title"
                  name="seo_title"
                  type="text"
                  value={s.seoTitle}
                  maxLength={300}
                  aria-describedby="f-seo-title-hint"
                />
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
            </div>
          </details>
          <div class="story-canvas">
            <Field id="f-title" label="Headline">
              <input id="f-title" name="title" type="text" value={s.title} maxLength={300} required class="input-headline" />
            </Field>
            <Field id="f-dek" label="Dek" hint="One or two sentences under the headline.">
              <textarea id="f-dek" name="dek" rows={2} maxLength={600} aria-describedby="f-dek-hint">
                {s.dek}
              </textarea>
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
          </div>
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
      <StoryMoveControls ctx={ctx} storyId={s.id!} moves={view.moves} />
      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">Preview</h2>
        <p>
          <a href={`${base}/preview`}>See the last saved version</a> at desktop and phone width (Ctrl+Alt+P from the editor).
        </p>
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
      <LiveComposer ctx={ctx} view={view.live} />
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
