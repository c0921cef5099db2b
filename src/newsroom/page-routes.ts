import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PAGE_FORM_KEYS, PageInputSchema, type PageInput } from '../content/page-input.js';
import { formFields } from '../content/taxonomy-input.js';
import { registerRoutes, type RouteHandler, type RouteTable } from '../http/route-table.js';
import { htmlToDocument } from '../importers/rich-text/html-to-document.js';
import { createPage, deletePage, updatePage, type PageWrite } from '../pages/pages.js';
import { renderDocumentHtml } from '../render/blocks/document-html.js';
import { readDocument } from '../render/html/story-views.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { NewPagePage, PageEditPage, PagesPage, type PageValues } from '../render/newsroom/pages-page.js';
import { findPage, listPages } from '../store/pages/page-repository.js';
import { attempt, bodyOf, fieldErrors, idParam, noticeOf, notFound, refusal } from './manage-form.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// Static pages (editors and above), written through src/pages/pages.ts. Every form
// posts; a refused input re-renders its form with the person's values and a 400, and
// nothing is stored. The body is typed as HTML and sanitized into a document on save.

type Deps = NewsroomDeps;

const NOTICES = { created: 'Created.', saved: 'Saved.', deleted: 'Deleted.' };
const EMPTY: PageValues = { title: '', slug: '', status: 'draft', footer_position: '', seo_description: '', body_html: '' };

const guarded =
  (handler: RouteHandler<Deps>): RouteHandler<Deps> =>
  (deps, request, reply) =>
    refusal(request.server, request, reply, 'page.manage', 'manage pages') ?? handler(deps, request, reply);

const toWrite = ({ body_html, ...rest }: PageInput): PageWrite => ({ ...rest, body: htmlToDocument(body_html) });

/** The form's fields from the request, and their parse: either a page to write or the errors. */
function readForm(request: FastifyRequest) {
  const values = formFields(bodyOf(request), PAGE_FORM_KEYS);
  const parsed = PageInputSchema.safeParse(values);
  return parsed.success ? { values, page: toWrite(parsed.data) } : { values, errors: fieldErrors(parsed.error) };
}

async function pagesList(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const rows = await listPages(deps.db);
  return sendNewsroomPage(deps, request, reply, PagesPage, {
    view: {
      rows: rows.map((r) => ({ id: r.id, title: r.title, slug: r.slug, status: r.status, footerPosition: r.footer_position })),
      notice: noticeOf(request, NOTICES),
    },
  });
}

const newPageForm = (deps: Deps, request: FastifyRequest, reply: FastifyReply, values: PageValues, errors: FieldError[], status = 200) =>
  sendNewsroomPage(deps, request, reply, NewPagePage, { view: { values, errors } }, status);

async function pageEdit(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  form: { id: number; values?: PageValues; errors?: FieldError[] },
  status = 200,
) {
  const page = await findPage(deps.db, form.id);
  if (!page) return notFound(request.server, reply, 'Page');
  const errors = form.errors ?? [];
  const values = form.values ?? {
    title: page.title,
    slug: page.slug,
    status: page.status,
    footer_position: page.footer_position === null ? '' : String(page.footer_position),
    seo_description: page.seo_description,
    body_html: renderDocumentHtml(readDocument(page.body)),
  };
  return sendNewsroomPage(
    deps,
    request,
    reply,
    PageEditPage,
    {
      view: {
        id: form.id,
        values,
        liveHref: page.status === 'published' ? `/${page.slug}` : null,
        errors,
        notice: errors.length ? null : noticeOf(request, NOTICES),
      },
    },
    status,
  );
}

/** A refusal from the writer: the 404 or 403 page, or the form again with its errors. */
function refused(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: NonNullable<Awaited<ReturnType<typeof attempt>>>,
  form: (errors: FieldError[]) => Promise<FastifyReply>,
) {
  if (answer.kind === 'form') return form(answer.errors);
  if (answer.status === 404) return notFound(request.server, reply, 'Page');
  return request.server.sendErrorPage(reply.code(403), 403, 'Not allowed', `${answer.message} Nothing was changed.`);
}

async function createPageRoute(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const form = readForm(request);
  if (!form.page) return newPageForm(deps, request, reply, form.values, form.errors, 400);
  const page = form.page;
  const answer = await attempt(() => createPage(deps, actorOf(request.staff!), page), 'page');
  if (answer) return refused(request, reply, answer, (errors) => newPageForm(deps, request, reply, form.values, errors, 400));
  return reply.redirect('/admin/pages?notice=created', 303);
}

async function updatePageRoute(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const id = idParam(request);
  if (id === null) return notFound(request.server, reply, 'Page');
  const form = readForm(request);
  if (!form.page) return pageEdit(deps, request, reply, { id, values: form.values, errors: form.errors }, 400);
  const page = form.page;
  const answer = await attempt(() => updatePage(deps, actorOf(request.staff!), id, page), 'page');
  if (answer) return refused(request, reply, answer, (errors) => pageEdit(deps, request, reply, { id, values: form.values, errors }, 400));
  return reply.redirect(`/admin/pages/${id}?notice=saved`, 303);
}

async function deletePageRoute(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const id = idParam(request);
  if (id === null) return notFound(request.server, reply, 'Page');
  const answer = await attempt(() => deletePage(deps, actorOf(request.staff!), id), 'page');
  if (answer) return refused(request, reply, answer, (errors) => pageEdit(deps, request, reply, { id, errors }, 409));
  return reply.redirect('/admin/pages?notice=deleted', 303);
}

async function pageEditRoute(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const id = idParam(request);
  return id === null ? notFound(request.server, reply, 'Page') : pageEdit(deps, request, reply, { id });
}

const ROUTES: RouteTable<Deps> = [
  { method: 'GET', url: '/admin/pages', handler: guarded(pagesList) },
  { method: 'GET', url: '/admin/pages/new', handler: guarded((deps, request, reply) => newPageForm(deps, request, reply, EMPTY, [])) },
  { method: 'POST', url: '/admin/pages', handler: guarded(createPageRoute) },
  { method: 'GET', url: '/admin/pages/:id', handler: guarded(pageEditRoute) },
  { method: 'POST', url: '/admin/pages/:id', handler: guarded(updatePageRoute) },
  { method: 'POST', url: '/admin/pages/:id/delete', handler: guarded(deletePageRoute) },
];

export function registerPageRoutes(app: FastifyInstance, deps: Deps): void {
  registerRoutes(app, deps, ROUTES);
}
