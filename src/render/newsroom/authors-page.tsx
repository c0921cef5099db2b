import { SLUG_MAX_LENGTH } from '../../content/slug.js';
import { storyCount } from '../../content/story-count.js';
import { TAXONOMY_LIMITS } from '../../content/taxonomy-input.js';
import { ActionForm, SelectField, TextArea, TextField } from './manage-fields.js';
import type { FieldError, NewsroomContext, Option } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';
import { RecordEditPage } from './record-edit-page.js';

// Author profiles: the bylines readers see. They are separate from staff accounts, so a
// guest contributor has a byline and an author page without an account; the list shows
// which staff account, if any, writes under each profile.

export interface AuthorValues {
  name: string;
  slug: string;
  bio: string;
  portrait: string;
}

export interface AuthorsView {
  rows: Array<{ id: number; name: string; slug: string; stories: number; staff: string[]; portrait: boolean }>;
  portraits: Option[];
  values: AuthorValues;
  errors: FieldError[];
  notice: string | null;
}

function AuthorFields({
  form,
  values,
  errors,
  portraits,
}: {
  form: string;
  values: AuthorValues;
  errors: FieldError[];
  portraits: Option[];
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
        hint="The address: /author/slug. Lower-case letters, digits and hyphens."
      />
      <TextArea form={form} name="bio" label="Biography" value={values.bio} rows={5} maxLength={TAXONOMY_LIMITS.bio} errors={errors} />
      <SelectField
        form={form}
        name="portrait"
        label="Portrait"
        value={values.portrait}
        options={portraits}
        empty="No portrait"
        errors={errors}
        hint="An image from the media library."
      />
    </>
  );
}

export function AuthorsPage({ ctx, view }: { ctx: NewsroomContext; view: AuthorsView }) {
  return (
    <NewsroomShell ctx={ctx} title="Authors">
      <h1>Authors</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <ErrorSummary errors={view.errors} />
      {view.rows.length === 0 ? (
        <p>No author profiles yet.</p>
      ) : (
        <table class="manage-table">
          <caption class="visually-hidden">Author profiles by name</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Stories</th>
              <th scope="col">Staff account</th>
              <th scope="col">Portrait</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/authors/${row.id}`}>{row.name}</a>
                </th>
                <td>
                  <code>{row.slug}</code>
                </td>
                <td>{row.stories}</td>
                <td>{row.staff.length ? row.staff.join(', ') : 'None (guest byline)'}</td>
                <td>{row.portrait ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="new-author">New author profile</h2>
      <form method="post" action="/admin/authors" class="stack" aria-labelledby="new-author">
        <CsrfField token={ctx.csrf} />
        <AuthorFields form="new" values={view.values} errors={view.errors} portraits={view.portraits} />
        <p>
          <button type="submit" class="button-primary">
            Create the profile
          </button>
        </p>
      </form>
    </NewsroomShell>
  );
}

export interface AuthorEditView {
  id: number;
  values: AuthorValues;
  portraits: Option[];
  stories: number;
  staff: string[];
  errors: FieldError[];
  notice: string | null;
}

export function AuthorEditPage({ ctx, view }: { ctx: NewsroomContext; view: AuthorEditView }) {
  return (
    <RecordEditPage
      ctx={ctx}
      title={`Author: ${view.values.name || 'untitled'}`}
      back={{ href: '/admin/authors', label: 'All authors' }}
      notice={view.notice}
      errors={view.errors}
      intro={
        <p>
          Staff account: {view.staff.length ? view.staff.join(', ') : 'none; this is a guest byline. Link an account from the Staff page.'}
        </p>
      }
      action={`/admin/authors/${view.id}`}
      fields={<AuthorFields form="edit" values={view.values} errors={view.errors} portraits={view.portraits} />}
      save="Save the profile"
    >
      {view.stories > 0 ? (
        <p>This profile is the byline of {storyCount(view.stories)}, so it cannot be deleted.</p>
      ) : (
        <ActionForm action={`/admin/authors/${view.id}/delete`} csrf={ctx.csrf} danger>
          Delete this profile
        </ActionForm>
      )}
    </RecordEditPage>
  );
}
