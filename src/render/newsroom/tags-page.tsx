import { SLUG_MAX_LENGTH } from '../../content/slug.js';
import { storyCount } from '../../content/story-count.js';
import { TAXONOMY_LIMITS } from '../../content/taxonomy-input.js';
import { ActionForm, SelectField, TextField } from './manage-fields.js';
import type { FieldError, NewsroomContext, Option } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';
import { RecordEditPage } from './record-edit-page.js';

// Tags: filtered by kind and text, with their story counts; a form for a new tag, one to
// merge a tag into another, and the edit page with the delete button.

export interface TagValues {
  name: string;
  slug: string;
  kind: string;
}

export interface TagsView {
  filter: { kind: string; q: string };
  kinds: Option[];
  rows: Array<{ id: number; name: string; slug: string; kind: string; stories: number }>;
  /** Every tag, for the merge form's lists. */
  all: Option[];
  values: TagValues;
  merge: { from: string; into: string };
  /** Which form the errors belong to. */
  errorsFor: 'new' | 'merge' | null;
  errors: FieldError[];
  notice: string | null;
}

function TagFields({ form, values, errors, kinds }: { form: string; values: TagValues; errors: FieldError[]; kinds: Option[] }) {
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
        hint="The address: /tag/slug. Lower-case letters, digits and hyphens."
      />
      <SelectField form={form} name="kind" label="Kind" value={values.kind} options={kinds} errors={errors} />
    </>
  );
}

export function TagsPage({ ctx, view }: { ctx: NewsroomContext; view: TagsView }) {
  const kindLabel = (kind: string) => view.kinds.find((k) => k.value === kind)?.label ?? kind;
  return (
    <NewsroomShell ctx={ctx} title="Tags">
      <h1>Tags</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <ErrorSummary errors={view.errors} />
      <form method="get" action="/admin/tags" class="filters" role="search" aria-label="Filter tags">
        <TextField form="filter" name="q" type="search" label="Name contains" value={view.filter.q} maxLength={200} />
        <SelectField form="filter" name="kind" label="Kind" value={view.filter.kind} options={view.kinds} empty="Any kind" />
        <p>
          <button type="submit">Apply</button>
        </p>
      </form>
      <p class="result-count" role="status">
        {view.rows.length === 1 ? '1 tag' : `${view.rows.length} tags`}
      </p>
      {view.rows.length > 0 && (
        <table class="manage-table">
          <caption class="visually-hidden">Tags by name</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Kind</th>
              <th scope="col">Stories</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/tags/${row.id}`}>{row.name}</a>
                </th>
                <td>
                  <code>{row.slug}</code>
                </td>
                <td>{kindLabel(row.kind)}</td>
                <td>{row.stories}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="new-tag">New tag</h2>
      <form method="post" action="/admin/tags" class="stack" aria-labelledby="new-tag">
        <CsrfField token={ctx.csrf} />
        <TagFields form="new" values={view.values} errors={view.errorsFor === 'new' ? view.errors : []} kinds={view.kinds} />
        <p>
          <button type="submit" class="button-primary">
            Create the tag
          </button>
        </p>
      </form>
      <h2 id="merge-tags">Merge two tags</h2>
      <p id="merge-help">Every story with the first tag gets the second instead; the first tag is then deleted. This cannot be undone.</p>
      <form method="post" action="/admin/tags/merge" class="stack" aria-labelledby="merge-tags" aria-describedby="merge-help">
        <CsrfField token={ctx.csrf} />
        <SelectField
          form="merge"
          name="from"
          label="Merge this tag"
          value={view.merge.from}
          options={view.all}
          empty="Choose a tag"
          errors={view.errorsFor === 'merge' ? view.errors : []}
        />
        <SelectField
          form="merge"
          name="into"
          label="Into this tag"
          value={view.merge.into}
          options={view.all}
          empty="Choose a tag"
          errors={view.errorsFor === 'merge' ? view.errors : []}
        />
        <p>
          <button type="submit">Merge the tags</button>
        </p>
      </form>
    </NewsroomShell>
  );
}

export interface TagEditView {
  id: number;
  values: TagValues;
  kinds: Option[];
  stories: number;
  errors: FieldError[];
  notice: string | null;
}

export function TagEditPage({ ctx, view }: { ctx: NewsroomContext; view: TagEditView }) {
  return (
    <RecordEditPage
      ctx={ctx}
      title={`Tag: ${view.values.name || 'untitled'}`}
      back={{ href: '/admin/tags', label: 'All tags' }}
      notice={view.notice}
      errors={view.errors}
      action={`/admin/tags/${view.id}`}
      fields={<TagFields form="edit" values={view.values} errors={view.errors} kinds={view.kinds} />}
      save="Save the tag"
    >
      <p>{view.stories > 0 ? `The tag is removed from ${storyCount(view.stories)}; the stories stay.` : 'No story carries this tag.'}</p>
      <ActionForm action={`/admin/tags/${view.id}/delete`} csrf={ctx.csrf} danger>
        Delete this tag
      </ActionForm>
    </RecordEditPage>
  );
}
