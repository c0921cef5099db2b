import { PAGE_LIMITS } from '../../content/page-input.js';
import { SLUG_MAX_LENGTH } from '../../content/slug.js';
import { ActionForm, SelectField, TextArea, TextField } from './manage-fields.js';
import type { FieldError, NewsroomContext } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';
import { RecordEditPage } from './record-edit-page.js';

// Static pages (About, Donate…): the list, the form for a new page, and the edit page
// with its delete button. The body is edited as HTML; what is shown back is the stored
// document rendered again, so what the reader sees is what the editor sees.

export interface PageValues {
  title: string;
  slug: string;
  status: string;
  footer_position: string;
  seo_description: string;
  body_html: string;
}

export interface PageListRow {
  id: number;
  title: string;
  slug: string;
  status: 'draft' | 'published';
  footerPosition: number | null;
}

const STATUSES = [
  { value: 'draft', label: 'Draft (not on the site)' },
  { value: 'published', label: 'Published' },
];

function PageFields({ form, values, errors }: { form: string; values: PageValues; errors: FieldError[] }) {
  return (
    <>
      <TextField form={form} name="title" label="Title" value={values.title} required maxLength={PAGE_LIMITS.title} errors={errors} />
      <TextField
        form={form}
        name="slug"
        label="Slug"
        value={values.slug}
        required
        maxLength={SLUG_MAX_LENGTH}
        errors={errors}
        hint="The address: /slug, shared with stories. Lower-case letters, digits and hyphens."
      />
      <SelectField form={form} name="status" label="Status" value={values.status} options={STATUSES} errors={errors} />
      <TextField
        form={form}
        name="footer_position"
        label="Footer position"
        value={values.footer_position}
        errors={errors}
        hint="A number: links are shown in the footer of every page in this order. Leave empty to keep the page out of the footer."
      />
      <TextArea
        form={form}
        name="seo_description"
        label="Description for search engines"
        value={values.seo_description}
        maxLength={PAGE_LIMITS.seoDescription}
        errors={errors}
        hint="One or two sentences. Empty: the page's first paragraph is used."
      />
      <TextArea
        form={form}
        name="body_html"
        label="Body (HTML)"
        value={values.body_html}
        rows={20}
        maxLength={PAGE_LIMITS.bodyHtml}
        errors={errors}
        hint="Paragraphs, headings, lists, links, quotes. Scripts, styles and unknown tags are removed."
      />
    </>
  );
}

export interface PagesView {
  rows: PageListRow[];
  notice: string | null;
}

export function PagesPage({ ctx, view }: { ctx: NewsroomContext; view: PagesView }) {
  return (
    <NewsroomShell ctx={ctx} title="Pages">
      <h1>Pages</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <p>
        <a href="/admin/pages/new" class="button-primary">
          New page
        </a>
      </p>
      {view.rows.length === 0 ? (
        <p>No pages yet. About, Donate or Contact pages live here, at their own address.</p>
      ) : (
        <table class="manage-table">
          <caption class="visually-hidden">Static pages</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Slug</th>
              <th scope="col">Status</th>
              <th scope="col">Footer position</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/pages/${row.id}`}>{row.title}</a>
                </th>
                <td>
                  <code>{row.slug}</code>
                </td>
                <td>{row.status === 'published' ? 'Published' : 'Draft'}</td>
                <td>{row.footerPosition ?? 'Not in the footer'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </NewsroomShell>
  );
}

export interface NewPageView {
  values: PageValues;
  errors: FieldError[];
}

export function NewPagePage({ ctx, view }: { ctx: NewsroomContext; view: NewPageView }) {
  return (
    <NewsroomShell ctx={ctx} title="New page">
      <p>
        <a href="/admin/pages">All pages</a>
      </p>
      <h1>New page</h1>
      <ErrorSummary errors={view.errors} />
      <form method="post" action="/admin/pages" class="stack">
        <CsrfField token={ctx.csrf} />
        <PageFields form="new" values={view.values} errors={view.errors} />
        <p>
          <button type="submit" class="button-primary">
            Create the page
          </button>
        </p>
      </form>
    </NewsroomShell>
  );
}

export interface PageEditView {
  id: number;
  values: PageValues;
  /** The reader's address, while the page is published. */
  liveHref: string | null;
  errors: FieldError[];
  notice: string | null;
}

export function PageEditPage({ ctx, view }: { ctx: NewsroomContext; view: PageEditView }) {
  return (
    <RecordEditPage
      ctx={ctx}
      title={`Page: ${view.values.title || 'untitled'}`}
      back={{ href: '/admin/pages', label: 'All pages' }}
      notice={view.notice}
      errors={view.errors}
      intro={
        view.liveHref && (
          <p>
            On the site at <a href={view.liveHref}>{view.liveHref}</a>.
          </p>
        )
      }
      action={`/admin/pages/${view.id}`}
      fields={<PageFields form="edit" values={view.values} errors={view.errors} />}
      save="Save the page"
    >
      <p>Deleting a page takes it off the site and out of the footer at once.</p>
      <ActionForm action={`/admin/pages/${view.id}/delete`} csrf={ctx.csrf} danger>
        Delete this page
      </ActionForm>
    </RecordEditPage>
  );
}
