import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pageCount, pageOffset, parsePageParam } from '../content/pagination.js';
import { REDIRECT_FORM_KEYS, RedirectInputSchema } from '../content/redirect-input.js';
import { formFields } from '../content/taxonomy-input.js';
import { registerRoutes, type RouteHandler, type RouteTable } from '../http/route-table.js';
import { createRedirect, deleteRedirect } from '../redirects/redirects.js';
import { RedirectsPage, type RedirectValues } from '../render/newsroom/redirects-page.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { pageOfRules } from '../store/redirects/redirect-rules.js';
import { attempt, bodyOf, fieldErrors, idParam, noticeOf, notFound, queryString, refusal, type FormRefusal } from './manage-form.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// Redirect rules at /admin/redirects (editors and above), written through
// redirects/redirects.ts. A refused rule re-renders the form with the person's values and
// a 400, and nothing is stored.

interface RedirectRoutes {
  app: FastifyInstance;
  deps: NewsroomDeps;
}
type Handler = RouteHandler<RedirectRoutes>;

const PER_PAGE = 50;
const NOTICES = { created: 'The redirect was added.', deleted: 'The redirect was deleted.' };
const EMPTY: RedirectValues = { from: '', match: 'exact', target: '', status: '301' };

const guard = (app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) =>
  refusal(app, request, reply, 'redirects.manage', 'manage redirects');

async function redirectsPage(
  { deps }: RedirectRoutes,
  request: FastifyRequest,
  reply: FastifyReply,
  form: { values: RedirectValues; errors: FieldError[] },
  status = 200,
) {
  const q = queryString(request, 'q').trim().slice(0, 200);
  const asked = parsePageParam(queryString(request, 'page') || undefined);
  let page = asked.ok ? asked.page : 1;
  let found = await pageOfRules(deps.db, { text: q, limit: PER_PAGE, offset: pageOffset(page, PER_PAGE) });
  const pages = pageCount(found.total, PER_PAGE);
  // Past the end (rules were deleted meanwhile): the last page rather than nothing.
  if (page > pages) {
    page = pages;
    found = await pageOfRules(deps.db, { text: q, limit: PER_PAGE, offset: pageOffset(page, PER_PAGE) });
  }
  const notice = form.errors.length ? null : noticeOf(request, NOTICES);
  return sendNewsroomPage(
    deps,
    request,
    reply,
    RedirectsPage,
    { view: { q, rows: found.rows, total: found.total, page, pages, values: form.values, errors: form.errors, notice } },
    status,
  );
}

/** A writer's refusal as the 403 or 404 page, or as the form with its field errors. */
function refused(routes: RedirectRoutes, request: FastifyRequest, reply: FastifyReply, refusal: FormRefusal, values: RedirectValues) {
  if (refusal.kind === 'form') return redirectsPage(routes, request, reply, { values, errors: refusal.errors }, refusal.status);
  if (refusal.status === 404) return notFound(routes.app, reply, 'Redirect');
  return routes.app.sendErrorPage(reply.code(403), 403, 'Not allowed', `${refusal.message} Nothing was changed.`);
}

const list: Handler = (routes, request, reply) =>
  guard(routes.app, request, reply) ?? redirectsPage(routes, request, reply, { values: EMPTY, errors: [] });

const add: Handler = async (routes, request, reply) => {
  const no = guard(routes.app, request, reply);
  if (no) return no;
  const values = formFields(bodyOf(request), REDIRECT_FORM_KEYS);
  const parsed = RedirectInputSchema.safeParse(values);
  if (!parsed.success) return redirectsPage(routes, request, reply, { values, errors: fieldErrors(parsed.error) }, 400);
  const refusal = await attempt(() => createRedirect(routes.deps, actorOf(request.staff!), parsed.data), 'redirect');
  if (refusal) return refused(routes, request, reply, refusal, values);
  return reply.redirect('/admin/redirects?notice=created', 303);
};

const remove: Handler = async (routes, request, reply) => {
  const no = guard(routes.app, request, reply);
  if (no) return no;
  const id = idParam(request);
  if (id === null) return notFound(routes.app, reply, 'Redirect');
  const refusal = await attempt(() => deleteRedirect(routes.deps, actorOf(request.staff!), id), 'redirect');
  if (refusal) return refused(routes, request, reply, refusal, EMPTY);
  return reply.redirect('/admin/redirects?notice=deleted', 303);
};

const REDIRECT_ROUTES: RouteTable<RedirectRoutes> = [
  { method: 'GET', url: '/admin/redirects', handler: list },
  { method: 'POST', url: '/admin/redirects', handler: add },
  { method: 'POST', url: '/admin/redirects/:id/delete', handler: remove },
];

export function registerRedirectRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, { app, deps }, REDIRECT_ROUTES);
}
