import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IssueInputSchema, NewsletterInputSchema, WEEKDAYS } from '../content/newsletter-input.js';
import { formFields } from '../content/taxonomy-input.js';
import { rebookRoundups } from '../newsletter/newsletter-jobs.js';
import { draftRoundup } from '../newsletter/roundup.js';
import { registerRoutes, type RouteHandler, type RouteTable } from '../http/route-table.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { NewIssuePage, NewsletterFormPage, NewslettersPage, type NewsletterValues } from '../render/newsroom/newsletters-page.js';
import { recentIssues, saveNewsletter } from '../store/newsletter/newsletter-composer-repository.js';
import {
  insertIssue,
  issueStats,
  listNewsletters,
  newsletterBySlug,
  recipientCounts,
  type NewsletterRow,
} from '../store/newsletter/newsletter-repository.js';
import { bodyOf, fieldErrors, noticeOf, notFound, refusal } from './manage-form.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// The newsletters screen: lists with their audience, recent issues, list settings, and
// the two ways an issue starts (by hand, or this week's round-up).

const KEYS = ['name', 'slug', 'description', 'roundup', 'draft_weekday', 'draft_time', 'max_per_second'] as const;
const EMPTY: NewsletterValues = {
  name: '',
  slug: '',
  description: '',
  roundup: '',
  draft_weekday: '5',
  draft_time: '10:00',
  max_per_second: '',
};

function valuesOf(list: NewsletterRow): NewsletterValues {
  return {
    name: list.name,
    slug: list.slug,
    description: list.description,
    roundup: list.roundup ? 'on' : '',
    draft_weekday: String(list.draft_weekday),
    draft_time: list.draft_time,
    max_per_second: list.max_per_second === null ? '' : String(list.max_per_second),
  };
}

type Deps = NewsroomDeps;
type ListHandler = (deps: Deps, list: NewsletterRow, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

const guarded =
  (handler: RouteHandler<Deps>): RouteHandler<Deps> =>
  (deps, request, reply) =>
    refusal(request.server, request, reply, 'newsletter.manage', 'manage newsletters') ?? handler(deps, request, reply);

/** A route on the list named in the path, after the role check; 404 when there is none. */
const onList = (handle: ListHandler) =>
  guarded(async (deps, request, reply) => {
    const list = await newsletterBySlug(deps.db, (request.params as { slug: string }).slug);
    return list ? handle(deps, list, request, reply) : notFound(request.server, reply, 'List');
  });

async function newslettersPage(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const [lists, counts, issues] = await Promise.all([listNewsletters(deps.db), recipientCounts(deps.db), recentIssues(deps.db, 30)]);
  const stats = await Promise.all(
    issues.map(async (i) => (i.status === 'sending' || i.status === 'sent' ? issueStats(deps.db, i.id) : null)),
  );
  return sendNewsroomPage(deps, request, reply, NewslettersPage, {
    view: {
      lists: lists.map((l) => ({
        id: l.id,
        slug: l.slug,
        name: l.name,
        description: l.description,
        recipients: counts.get(l.id) ?? 0,
        roundup: l.roundup ? `${WEEKDAYS[l.draft_weekday] ?? ''}s at ${l.draft_time}` : null,
      })),
      issues: issues.map((i, index) => ({
        id: i.id,
        subject: i.subject,
        list: i.newsletterName,
        status: i.status,
        when:
          i.status === 'scheduled' && i.sendAt
            ? { label: 'for', at: i.sendAt }
            : i.finishedAt
              ? { label: 'finished', at: i.finishedAt }
              : { label: 'changed', at: i.updatedAt },
        sent: stats[index]?.sent ?? null,
        recipients: stats[index]?.recipients ?? null,
      })),
      notice: noticeOf(request, { saved: 'The list was saved.' }),
    },
  });
}

const listForm = (
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  form: { slug: string | null; values: NewsletterValues; errors: FieldError[] },
  status = 200,
) => sendNewsroomPage(deps, request, reply, NewsletterFormPage, { view: { ...form, notice: null } }, status);

/** Creates a list (existing: null) or changes one, then re-books the round-up jobs. */
async function saveList(deps: Deps, request: FastifyRequest, reply: FastifyReply, existing: NewsletterRow | null) {
  const values = formFields(bodyOf(request), KEYS);
  const shown = { ...values, roundup: values.roundup === 'on' ? 'on' : '' };
  const slug = existing?.slug ?? null;
  const parsed = NewsletterInputSchema.safeParse(values);
  if (!parsed.success) return listForm(deps, request, reply, { slug, values: shown, errors: fieldErrors(parsed.error) }, 400);
  const result = await saveNewsletter(deps.db, existing?.id ?? null, parsed.data, new Date().toISOString());
  if (!result.ok) {
    if (result.reason === 'not-found') return notFound(request.server, reply, 'List');
    return listForm(deps, request, reply, { slug, values: shown, errors: [{ field: 'Slug', message: 'is taken by another list' }] }, 409);
  }
  await rebookRoundups(deps.db, new Date());
  request.log.info({ by: request.staff!.id, list: result.id }, existing ? 'newsletter list changed' : 'newsletter list created');
  return reply.redirect('/admin/newsletters?notice=saved', 303);
}

const newListForm: RouteHandler<Deps> = (deps, request, reply) => listForm(deps, request, reply, { slug: null, values: EMPTY, errors: [] });
const createList: RouteHandler<Deps> = (deps, request, reply) => saveList(deps, request, reply, null);
const editListForm = onList((deps, list, request, reply) =>
  listForm(deps, request, reply, { slug: list.slug, values: valuesOf(list), errors: [] }),
);
const changeList = onList((deps, list, request, reply) => saveList(deps, request, reply, list));

const newIssueForm = onList((deps, list, request, reply) =>
  sendNewsroomPage(deps, request, reply, NewIssuePage, { view: { slug: list.slug, listName: list.name, subject: '', errors: [] } }),
);

const createIssue = onList(async (deps, list, request, reply) => {
  const values = formFields(bodyOf(request), ['subject'] as const);
  const parsed = IssueInputSchema.safeParse({ ...values, intro: '' });
  if (!parsed.success) {
    return sendNewsroomPage(
      deps,
      request,
      reply,
      NewIssuePage,
      { view: { slug: list.slug, listName: list.name, subject: values.subject, errors: fieldErrors(parsed.error) } },
      400,
    );
  }
  const id = await insertIssue(deps.db, {
    newsletterId: list.id,
    subject: parsed.data.subject,
    intro: '',
    period: null,
    articleIds: [],
    staffId: request.staff!.id,
    now: new Date().toISOString(),
  });
  return reply.redirect(`/admin/newsletters/issues/${id}?notice=created`, 303);
});

const draftThisWeek = onList(async (deps, list, request, reply) => {
  const { issueId, created } = await draftRoundup(deps.db, list.id, new Date(), request.staff!.id);
  return reply.redirect(`/admin/newsletters/issues/${issueId}?notice=${created ? 'drafted' : 'exists'}`, 303);
});

const NEWSLETTER_ROUTES: RouteTable<Deps> = [
  { method: 'GET', url: '/admin/newsletters', handler: guarded(newslettersPage) },
  { method: 'GET', url: '/admin/newsletters/new', handler: guarded(newListForm) },
  { method: 'POST', url: '/admin/newsletters', handler: guarded(createList) },
  { method: 'GET', url: '/admin/newsletters/:slug/edit', handler: editListForm },
  { method: 'POST', url: '/admin/newsletters/:slug', handler: changeList },
  { method: 'GET', url: '/admin/newsletters/:slug/issues/new', handler: newIssueForm },
  { method: 'POST', url: '/admin/newsletters/:slug/issues', handler: createIssue },
  { method: 'POST', url: '/admin/newsletters/:slug/roundup', handler: draftThisWeek },
];

export function registerNewsletterRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, deps, NEWSLETTER_ROUTES);
}
