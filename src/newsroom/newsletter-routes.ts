import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IssueInputSchema, NewsletterInputSchema, WEEKDAYS } from '../content/newsletter-input.js';
import { formFields } from '../content/taxonomy-input.js';
import { rebookRoundups } from '../newsletter/newsletter-jobs.js';
import { draftRoundup } from '../newsletter/roundup.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { NewIssuePage, NewsletterFormPage, NewslettersPage, type NewsletterValues } from '../render/newsroom/newsletters-page.js';
import { recentIssues, saveNewsletter } from '../store/newsletter/newsletter-composer-repository.js';
import { insertIssue, issueStats, listNewsletters, newsletterBySlug, recipientCounts, type NewsletterRow } from '../store/newsletter/newsletter-repository.js';
import { bodyOf, fieldErrors, noticeOf, notFound, refusal } from './manage-form.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// The newsletters screen: lists with their audience, recent issues, list settings, and
// the two ways an issue starts (by hand, or this week's round-up).

const KEYS = ['name', 'slug', 'description', 'roundup', 'draft_weekday', 'draft_time', 'max_per_second'] as const;
const EMPTY: NewsletterValues = { name: '', slug: '', description: '', roundup: '', draft_weekday: '5', draft_time: '10:00', max_per_second: '' };

function valuesOf(list: NewsletterRow): NewsletterValues {
  return {
    name: list.name, slug: list.slug, description: list.description, roundup: list.roundup ? 'on' : '',
    draft_weekday: String(list.draft_weekday), draft_time: list.draft_time, max_per_second: list.max_per_second === null ? '' : String(list.max_per_second),
  };
}

export function registerNewsletterRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  const guard = (request: FastifyRequest, reply: FastifyReply) => refusal(app, request, reply, 'newsletter.manage', 'manage newsletters');
  const slugOf = (request: FastifyRequest) => (request.params as { slug: string }).slug;

  app.get('/admin/newsletters', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const [lists, counts, issues] = await Promise.all([listNewsletters(deps.db), recipientCounts(deps.db), recentIssues(deps.db, 30)]);
    const stats = await Promise.all(issues.map((i) => (i.status === 'sending' || i.status === 'sent' ? issueStats(deps.db, i.id) : null)));
    return sendNewsroomPage(deps, request, reply, NewslettersPage, {
      view: {
        lists: lists.map((l) => ({
          id: l.id, slug: l.slug, name: l.name, description: l.description, recipients: counts.get(l.id) ?? 0,
          roundup: l.roundup ? `${WEEKDAYS[l.draft_weekday] ?? ''}s at ${l.draft_time}` : null,
        })),
        issues: issues.map((i, index) => ({
          id: i.id, subject: i.subject, list: i.newsletterName, status: i.status,
          when: i.status === 'scheduled' && i.sendAt ? { label: 'for', at: i.sendAt } : i.finishedAt ? { label: 'finished', at: i.finishedAt } : { label: 'changed', at: i.updatedAt },
          sent: stats[index]?.sent ?? null, recipients: stats[index]?.recipients ?? null,
        })),
        notice: noticeOf(request, { saved: 'The list was saved.' }),
      },
    });
  });

  const form = (request: FastifyRequest, reply: FastifyReply, slug: string | null, values: NewsletterValues, errors: FieldError[], status = 200) =>
    sendNewsroomPage(deps, request, reply, NewsletterFormPage, { view: { slug, values, errors, notice: null } }, status);

  const save = async (request: FastifyRequest, reply: FastifyReply, existing: NewsletterRow | null) => {
    const values = formFields(bodyOf(request), KEYS);
    const shown = { ...values, roundup: values.roundup === 'on' ? 'on' : '' };
    const parsed = NewsletterInputSchema.safeParse(values);
    if (!parsed.success) return form(request, reply, existing?.slug ?? null, shown, fieldErrors(parsed.error), 400);
    const result = await saveNewsletter(deps.db, existing?.id ?? null, parsed.data, new Date().toISOString());
    if (!result.ok) {
      if (result.reason === 'not-found') return notFound(app, reply, 'List');
      return form(request, reply, existing?.slug ?? null, shown, [{ field: 'Slug', message: 'is taken by another list' }], 409);
    }
    await rebookRoundups(deps.db, new Date());
    request.log.info({ by: request.staff!.id, list: result.id }, existing ? 'newsletter list changed' : 'newsletter list created');
    return reply.redirect('/admin/newsletters?notice=saved', 303);
  };

  app.get('/admin/newsletters/new', async (request, reply) => guard(request, reply) ?? form(request, reply, null, EMPTY, []));
  app.post('/admin/newsletters', async (request, reply) => guard(request, reply) ?? save(request, reply, null));

  app.get('/admin/newsletters/:slug/edit', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const list = await newsletterBySlug(deps.db, slugOf(request));
    return list ? form(request, reply, list.slug, valuesOf(list), []) : notFound(app, reply, 'List');
  });
  app.post('/admin/newsletters/:slug', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const list = await newsletterBySlug(deps.db, slugOf(request));
    return list ? save(request, reply, list) : notFound(app, reply, 'List');
  });

  app.get('/admin/newsletters/:slug/issues/new', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const list = await newsletterBySlug(deps.db, slugOf(request));
    if (!list) return notFound(app, reply, 'List');
    return sendNewsroomPage(deps, request, reply, NewIssuePage, { view: { slug: list.slug, listName: list.name, subject: '', errors: [] } });
  });
  app.post('/admin/newsletters/:slug/issues', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const list = await newsletterBySlug(deps.db, slugOf(request));
    if (!list) return notFound(app, reply, 'List');
    const values = formFields(bodyOf(request), ['subject'] as const);
    const parsed = IssueInputSchema.safeParse({ ...values, intro: '' });
    if (!parsed.success) {
      return sendNewsroomPage(deps, request, reply, NewIssuePage, { view: { slug: list.slug, listName: list.name, subject: values.subject, errors: fieldErrors(parsed.error) } }, 400);
    }
    const id = await insertIssue(deps.db, { newsletterId: list.id, subject: parsed.data.subject, intro: '', period: null, articleIds: [], staffId: request.staff!.id, now: new Date().toISOString() });
    return reply.redirect(`/admin/newsletters/issues/${id}?notice=created`, 303);
  });

  app.post('/admin/newsletters/:slug/roundup', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const list = await newsletterBySlug(deps.db, slugOf(request));
    if (!list) return notFound(app, reply, 'List');
    const { issueId, created } = await draftRoundup(deps.db, list.id, new Date(), request.staff!.id);
    return reply.redirect(`/admin/newsletters/issues/${issueId}?notice=${created ? 'drafted' : 'exists'}`, 303);
  });
}
