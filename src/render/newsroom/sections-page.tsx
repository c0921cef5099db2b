import { SLUG_MAX_LENGTH } from '../../content/slug.js';
import { storyCount } from '../../content/story-count.js';
import { SECTION_MAX_DEPTH, TAXONOMY_LIMITS } from '../../content/taxonomy-input.js';
import { ActionForm, SelectField, TextArea, TextField } from './manage-fields.js';
import type { FieldError, NewsroomContext, Option } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';
import { RecordEditPage } from './record-edit-page.js';

// Sections: the list in reader order with move up/down buttons (plain POST forms), a form
// for a new section, and the edit page with the delete button.

export interface SectionValues {
  name: string;
  slug: string;
  description: string;
  layout: string;
  /** The parent section's slug; '' for the top level. */
  parent: string;
}

export interface SectionRow {
  id: number;
  name: string;
  slug: string;
  layout: string;
  stories: number;
  parent_id: number | null;
}

const LAYOUTS = [
  { value: 'standard', label: 'Standard' },
  { value: 'briefs', label: 'Briefs (short items, no lead images)' },
];

/** Every section but `except` as a possible parent; the writer refuses cycles and depth. */
export function parentOptions(rows: ReadonlyArray<{ id: number; name: string; slug: string }>, except: number | null): Option[] {
  return rows.filter((r) => r.id !== except).map((r) => ({ value: r.slug, label: r.name }));
}

function SectionFields({
  form,
  values,
  parents,
  errors,
}: {
  form: string;
  values: SectionValues;
  parents: Option[];
  errors: FieldError[];
}) {
  return (
    <>
      <TextField form={form} name="name" label="Name" value={values.name} required maxLength={TAXONOMY_LIMITS.name} errors={errors} />
      <TextField
        form={form}
        name="slug"
        label="Slug"
        value={values.slug}
        required
        maxLength={SLUG_MAX_LENGTH}
        errors={errors}
        hint="The address: /section/slug. Lower-case letters, digits and hyphens."
      />
      <TextArea
        form={form}
        name="description"
        label="Description"
        value={values.description}
        maxLength={TAXONOMY_LIMITS.description}
        errors={errors}
        hint="Shown at the top of the section page."
      />
      <SelectField form={form} name="layout" label="Layout" value={values.layout} options={LAYOUTS} errors={errors} />
      <SelectField
        form={form}
        name="parent"
        label="Parent section"
        value={values.parent}
        options={parents}
        empty="None (a top-level section)"
        errors={errors}
        hint={`A subsection's stories also show on its parent's page. Sections nest at most ${SECTION_MAX_DEPTH} levels deep.`}
      />
    </>
  );
}

export interface SectionsView {
  rows: SectionRow[];
  values: SectionValues;
  errors: FieldError[];
  notice: string | null;
}

export function SectionsPage({ ctx, view }: { ctx: NewsroomContext; view: SectionsView }) {
  return (
    <NewsroomShell ctx={ctx} title="Sections">
      <h1>Sections</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <ErrorSummary errors={view.errors} />
      {view.rows.length === 0 ? (
        <p>No sections yet.</p>
      ) : (
        <table class="manage-table">
          <caption class="visually-hidden">Sections in the order readers see them</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Parent</th>
              <th scope="col">Layout</th>
              <th scope="col">Stories</th>
              <th scope="col">Order</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row, index) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/sections/${row.id}`}>{row.name}</a>
                </th>
                <td>
                  <code>{row.slug}</code>
                </td>
                <td>{view.rows.find((r) => r.id === row.parent_id)?.name ?? '—'}</td>
                <td>{row.layout === 'briefs' ? 'Briefs' : 'Standard'}</td>
                <td>{row.stories}</td>
                <td class="row-actions">
                  {index > 0 && (
                    <ActionForm action={`/admin/sections/${row.id}/move`} csrf={ctx.csrf} fields={{ direction: 'up' }}>
                      Move up<span class="visually-hidden">: {row.name}</span>
                    </ActionForm>
                  )}
                  {index < view.rows.length - 1 && (
                    <ActionForm action={`/admin/sections/${row.id}/move`} csrf={ctx.csrf} fields={{ direction: 'down' }}>
                      Move down<span class="visually-hidden">: {row.name}</span>
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="new-section">New section</h2>
      <form method="post" action="/admin/sections" class="stack" aria-labelledby="new-section">
        <CsrfField token={ctx.csrf} />
        <SectionFields form="new" values={view.values} parents={parentOptions(view.rows, null)} errors={view.errors} />
        <p>
          <button type="submit" class="button-primary">
            Create the section
          </button>
        </p>
      </form>
    </NewsroomShell>
  );
}

export interface SectionEditView {
  id: number;
  values: SectionValues;
  /** The sections this one may sit under. */
  parents: Option[];
  stories: number;
  errors: FieldError[];
  notice: string | null;
}

export function SectionEditPage({ ctx, view }: { ctx: NewsroomContext; view: SectionEditView }) {
  return (
    <RecordEditPage
      ctx={ctx}
      title={`Section: ${view.values.name || 'untitled'}`}
      back={{ href: '/admin/sections', label: 'All sections' }}
      notice={view.notice}
      errors={view.errors}
      action={`/admin/sections/${view.id}`}
      fields={<SectionFields form="edit" values={view.values} parents={view.parents} errors={view.errors} />}
      save="Save the section"
    >
      {view.stories > 0 ? (
        <p>This section holds {storyCount(view.stories)}. Move them to another section before deleting it.</p>
      ) : (
        <>
          <p>Its subsections, if any, move to the top level.</p>
          <ActionForm action={`/admin/sections/${view.id}/delete`} csrf={ctx.csrf} danger>
            Delete this section
          </ActionForm>
        </>
      )}
    </RecordEditPage>
  );
}
