import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record-audit.js';
import { growthWeeks, weekLabel } from '../content/growth-weeks.js';
import {
  filterQuery,
  parseSubscriberFilter,
  STATUS_LABELS,
  SUBSCRIBER_STATUSES,
  SUBSCRIBERS_PER_PAGE,
} from '../content/subscriber-filter.js';
import { registerRoutes, type RouteHandler, type RouteTable } from '../http/route-table.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { SubscriberDeletePage, SubscriberPage } from '../render/newsroom/subscriber-page.js';
import { SubscribersPage } from '../render/newsroom/subscribers-page.js';
import { listNewsletters } from '../store/newsletter/newsletter-repository.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { subscriberGrowth } from '../store/subscribers/subscriber-growth-repository.js';
import {
  deleteSubscriber,
  listSubscribers,
  subscriberCounts,
  subscriberRecord,
  unsubscribeSubscriber,
} from '../store/subscribers/subscriber-repository.js';
import { bodyOf, idParam, noticeOf, notFound, refusal } from './manage-form.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';
import { registerSubscriberTransferRoutes } from './subscriber-transfer-routes.js';

// The newsroom's subscribers (editors and above): the list with counts and weekly
// growth, one person's record, their data on request, unsubscribing and deletion.
// CSV import and export are in subscriber-transfer-routes.ts.

/** The issues listed on a person's page; their data export has them all. */
const SHOWN_DELIVERIES = 500;
const NOTICES = { deleted: 'The subscriber was deleted.', unsubscribed: 'Unsubscribed from every list.' };

type Deps = NewsroomDeps;

/** Every subscriber route is for editors and above: a plain 403 page for the others. */
const guarded =
  (handler: RouteHandler<Deps>): RouteHandler<Deps> =>
  (deps, request, reply) =>
    refusal(request.server, request, reply, 'newsletter.manage', 'manage newsletter subscribers') ?? handler(deps, request, reply);

async function subscriberList(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const [lists, settings] = await Promise.all([listNewsletters(deps.db), loadPublicationSettings(deps.db)]);
  const { filter, page } = parseSubscriberFilter(
    request.query as Record<string, unknown>,
    lists.map((l) => l.slug),
  );
  const now = new Date();
  const weeks = growthWeeks(now, settings.time_zone);
  const [counts, growth, found] = await Promise.all([
    subscriberCounts(deps.db),
    subscriberGrowth(deps.db, weeks, now),
    listSubscribers(deps.db, filter, { limit: SUBSCRIBERS_PER_PAGE, offset: (page - 1) * SUBSCRIBERS_PER_PAGE }),
  ]);
  return sendNewsroomPage(deps, request, reply, SubscribersPage, {
    view: {
      counts: SUBSCRIBER_STATUSES.map((status) => ({ status, label: STATUS_LABELS[status], count: counts.byStatus[status] })),
      lists: counts.lists,
      growth: weeks.map((week, i) => ({ ...growth[i]!, date: week.label, label: weekLabel(week.label, settings.locale) })),
      filter: { q: filter.q, status: filter.status ?? '', list: filter.list ?? '' },
      statuses: SUBSCRIBER_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
      listOptions: lists.map((l) => ({ value: l.slug, label: l.name })),
      rows: found.rows.map((r) => ({
        id: r.id,
        email: r.email,
        status: r.status,
        statusLabel: STATUS_LABELS[r.status],
        lists: r.lists,
        consentAt: r.consent_at,
        consentSource: r.consent_source,
        createdAt: r.created_at,
        confirmedAt: r.confirmed_at,
        unsubscribedAt: r.unsubscribed_at,
      })),
      total: found.total,
      page,
      pages: Math.max(1, Math.ceil(found.total / SUBSCRIBERS_PER_PAGE)),
      query: filterQuery(filter),
      notice: noticeOf(request, NOTICES),
    },
  });
}

async function subscriberPage(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const id = idParam(request);
  const record = id === null ? undefined : await subscriberRecord(deps.db, id, SHOWN_DELIVERIES);
  if (!record) return notFound(request.server, reply, 'Subscriber');
  const { subscriber: s } = record;
  return sendNewsroomPage(deps, request, reply, SubscriberPage, {
    view: {
      id: s.id,
      email: s.email,
      status: s.status,
      statusLabel: STATUS_LABELS[s.status],
      createdAt: s.created_at,
      confirmedAt: s.confirmed_at,
      unsubscribedAt: s.unsubscribed_at,
      consent: { at: s.consent_at, source: s.consent_source, ip: s.consent_ip },
      bounceReason: s.bounce_reason,
      subscriptions: record.subscriptions.map((sub) => ({ name: sub.name, status: sub.status, since: sub.created_at })),
      deliveries: record.deliveries.map((d) => ({ subject: d.subject, list: d.list, state: d.state, sentAt: d.sent_at })),
      notice: noticeOf(request, NOTICES),
    },
  });
}

// A GET that changes nothing: the person's data (SECURITY.md: exports stay private).
async function exportSubscriber(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const id = idParam(request);
  const record = id === null ? undefined : await subscriberRecord(deps.db, id);
  if (!record) return notFound(request.server, reply, 'Subscriber');
  request.log.info({ subscriberId: record.subscriber.id, by: request.staff!.id }, 'subscriber data exported');
  await recordAudit(deps.db, { action: 'subscriber.exported', target: { kind: 'subscriber', id: record.subscriber.id, label: '' } });
  return reply
    .type('application/json; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="subscriber-${record.subscriber.id}.json"`)
    .header('Cache-Control', 'private, no-store')
    .send(JSON.stringify({ exported_at: new Date().toISOString(), ...record }, null, 2));
}

async function unsubscribeByStaff(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const id = idParam(request);
  if (id === null || !(await unsubscribeSubscriber(deps.db, id, new Date().toISOString())))
    return notFound(request.server, reply, 'Subscriber');
  request.log.info({ subscriberId: id, by: request.staff!.id }, 'subscriber unsubscribed by staff');
  return reply.redirect(`/admin/subscribers/${id}?notice=unsubscribed`, 303);
}

async function deletePage(deps: Deps, request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], status = 200) {
  const id = idParam(request);
  const record = id === null ? undefined : await subscriberRecord(deps.db, id, SHOWN_DELIVERIES);
  if (!record) return notFound(request.server, reply, 'Subscriber');
  return sendNewsroomPage(
    deps,
    request,
    reply,
    SubscriberDeletePage,
    {
      view: { id: record.subscriber.id, email: record.subscriber.email, sent: record.deliveries.length, errors },
    },
    status,
  );
}

async function deleteOnRequest(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const id = idParam(request);
  if (bodyOf(request).confirm !== 'yes')
    return deletePage(deps, request, reply, [{ field: 'confirm', message: 'press the delete button on this page to confirm' }], 400);
  if (id === null || !(await deleteSubscriber(deps.db, id))) return notFound(request.server, reply, 'Subscriber');
  request.log.info({ subscriberId: id, by: request.staff!.id }, 'subscriber deleted on request');
  // By id only: the address of someone erased on request must not live on in the log.
  await recordAudit(deps.db, { action: 'subscriber.deleted', target: { kind: 'subscriber', id, label: '' } });
  return reply.redirect('/admin/subscribers?notice=deleted', 303);
}

const SUBSCRIBER_ROUTES: RouteTable<Deps> = [
  { method: 'GET', url: '/admin/subscribers', handler: guarded(subscriberList) },
  { method: 'GET', url: '/admin/subscribers/:id', handler: guarded(subscriberPage) },
  { method: 'GET', url: '/admin/subscribers/:id/export', handler: guarded(exportSubscriber) },
  { method: 'POST', url: '/admin/subscribers/:id/unsubscribe', handler: guarded(unsubscribeByStaff) },
  { method: 'GET', url: '/admin/subscribers/:id/delete', handler: guarded((deps, request, reply) => deletePage(deps, request, reply)) },
  { method: 'POST', url: '/admin/subscribers/:id/delete', handler: guarded(deleteOnRequest) },
];

export function registerSubscriberRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, deps, SUBSCRIBER_ROUTES);
  registerSubscriberTransferRoutes(app, deps);
}
