import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerRoutes, type RouteTable } from '../http/route-table.js';
import { IssueInputSchema, revisionOf } from '../content/newsletter-input.js';
import { formFields } from '../content/taxonomy-input.js';
import { utcToWallTime, wallTimeToUtc } from '../content/zoned-time.js';
import { renderIssue } from '../newsletter/issue-content.js';
import { ISSUE_PREVIEW_PATH, issuePreviewUrl, issuePreviewValid } from '../newsletter/issue-preview-link.js';
import { cancelIssueSend, resendUncertain, scheduleIssueSend } from '../newsletter/send-schedule.js';
import { issueMessages } from '../newsletter/sending/newsletter-message.js';
import { UNSUBSCRIBE_URL_MARKER } from '../newsletter/unsubscribe-link.js';
import { IssuePage, type IssuePageView } from '../render/newsroom/issue-page.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { webVersionPolicy } from '../site/newsletter-issue-page.js';
import {
  articleExists,
  changeIssueStories,
  issueStoriesForEditor,
  recentPublishedStories,
  staffEmail,
  updateIssueText,
  type IssueWriteOutcome,
  type StoryChange,
} from '../store/newsletter/newsletter-composer-repository.js';
import { issueById, issueStats, newsletterById, recipientCounts, type IssueRow } from '../store/newsletter/newsletter-repository.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { bodyOf, fieldErrors, idParam, noticeOf, notFound, refusal } from './manage-form.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// One issue in the newsroom: edit a draft, preview it, mail a test to oneself, send or
// schedule it, and follow its delivery. Previews and tests carry the newsletter page
// where a recipient's own unsubscribe link will go: no real token leaves for a test.

const NOTICES: Record<string, string> = {
  created: 'The draft was created. Add stories and an introduction.',
  drafted: 'This week’s round-up was drafted. Write the introduction, check the stories, then send or schedule it.',
  exists: 'This week’s round-up had already been drafted; here it is.',
  saved: 'Saved.',
  stories: 'The stories were changed.',
  'test-sent': 'The test was sent to your address.',
  scheduled: 'The issue is scheduled.',
  sending: 'The issue is being sent now.',
  cancelled: 'The schedule was cancelled; the issue is a draft again.',
  resending: 'The uncertain recipients are being sent the issue again.',
};

const STALE =
  'Someone changed this issue after you opened it. Nothing was saved: reload the page to see the current version, then make your change again.';
const NOT_DRAFT = 'This issue is no longer a draft (it is scheduled or being sent), so it cannot be changed. Nothing was saved.';

const SCHEDULE_REFUSALS = {
  'not-found': 'This issue no longer exists.',
  'not-draft': NOT_DRAFT,
  stale: STALE,
  empty: 'The issue has no stories. Add at least one before sending it.',
} as const;

type Deps = NewsroomDeps;
type IssueHandler = (deps: Deps, issue: IssueRow, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** A route on the issue named in the path: the role check and the 404 come first. */
const onIssue = (handle: IssueHandler) => async (deps: Deps, request: FastifyRequest, reply: FastifyReply) => {
  const refused = refusal(request.server, request, reply, 'newsletter.manage', 'manage newsletters');
  if (refused) return refused;
  const id = idParam(request);
  const issue = id === null ? undefined : await issueById(deps.db, id);
  return issue ? handle(deps, issue, request, reply) : notFound(request.server, reply, 'Issue');
};

type PageExtra = { errors?: FieldError[]; notice?: IssuePageView['notice']; values?: { subject: string; intro: string } };

async function page(deps: Deps, request: FastifyRequest, reply: FastifyReply, issue: IssueRow, extra: PageExtra = {}, status = 200) {
  const now = new Date().toISOString();
  const [list, stories, candidates, settings, counts] = await Promise.all([
    newsletterById(deps.db, issue.newsletter_id),
    issueStoriesForEditor(deps.db, issue.id, now),
    recentPublishedStories(deps.db, 100, now),
    loadPublicationSettings(deps.db),
    recipientCounts(deps.db),
  ]);
  const inIssue = new Set(stories.map((s) => s.id));
  const stats = issue.status === 'sending' || issue.status === 'sent' ? await issueStats(deps.db, issue.id) : null;
  const notice = extra.notice ?? (noticeOf(request, NOTICES) ? { kind: 'ok' as const, text: noticeOf(request, NOTICES)! } : null);
  const inAnHour = new Date(Date.now() + 60 * 60 * 1000).toISOString();
  const view: IssuePageView = {
    id: issue.id,
    listName: list?.name ?? '',
    status: issue.status,
    revision: issue.revision,
    subject: extra.values?.subject ?? issue.subject,
    intro: extra.values?.intro ?? issue.intro,
    sendAt: issue.send_at,
    startedAt: issue.started_at,
    finishedAt: issue.finished_at,
    stories,
    candidates: candidates.filter((c) => !inIssue.has(c.id)).map((c) => ({ id: c.id, title: c.title, publishedAt: c.published_at })),
    scheduleValue: utcToWallTime(issue.send_at ?? inAnHour, settings.time_zone),
    stats,
    recipients: counts.get(issue.newsletter_id) ?? 0,
    postalAddressMissing: settings.postal_address.trim() === '',
    errors: extra.errors ?? [],
    notice,
  };
  return sendNewsroomPage(deps, request, reply, IssuePage, { view }, status);
}

/** A refused write re-shows the page with the reason and nothing changed. */
const refusedWrite = (
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  issue: IssueRow,
  outcome: Exclude<IssueWriteOutcome, { ok: true }>,
) =>
  outcome.reason === 'not-found'
    ? notFound(request.server, reply, 'Issue')
    : page(deps, request, reply, issue, { notice: { kind: 'error', text: outcome.reason === 'stale' ? STALE : NOT_DRAFT } }, 409);

const showIssue = onIssue((deps, issue, request, reply) => page(deps, request, reply, issue));

const saveText = onIssue(async (deps, issue, request, reply) => {
  const body = bodyOf(request);
  const values = formFields(body, ['subject', 'intro'] as const);
  const revision = revisionOf(body.revision);
  const parsed = IssueInputSchema.safeParse(values);
  if (!parsed.success || revision === null) {
    const errors = parsed.success ? [{ field: 'Revision', message: 'is missing; reload the page' }] : fieldErrors(parsed.error);
    return page(deps, request, reply, issue, { errors, values }, 400);
  }
  const outcome = await updateIssueText(deps.db, {
    issueId: issue.id,
    revision,
    ...parsed.data,
    staffId: request.staff!.id,
    now: new Date().toISOString(),
  });
  if (!outcome.ok) return refusedWrite(deps, request, reply, issue, outcome);
  return reply.redirect(`/admin/newsletters/issues/${issue.id}?notice=saved`, 303);
});

const changeStories = onIssue(async (deps, issue, request, reply) => {
  const body = bodyOf(request);
  const op = typeof body.op === 'string' && ['up', 'down', 'remove', 'add'].includes(body.op) ? (body.op as StoryChange['op']) : null;
  const articleId = typeof body.article === 'string' && /^[1-9]\d{0,15}$/.test(body.article) ? Number(body.article) : null;
  const revision = revisionOf(body.revision);
  if (!op || articleId === null || revision === null) {
    return page(
      deps,
      request,
      reply,
      issue,
      { errors: [{ field: 'Stories', message: 'the request named no story or action; reload the page' }] },
      400,
    );
  }
  if (op === 'add' && !(await articleExists(deps.db, articleId))) {
    return page(deps, request, reply, issue, { errors: [{ field: 'Add a story', message: 'that story is not published' }] }, 400);
  }
  const outcome = await changeIssueStories(deps.db, {
    issueId: issue.id,
    revision,
    change: { op, articleId },
    staffId: request.staff!.id,
    now: new Date().toISOString(),
  });
  if (!outcome.ok) return refusedWrite(deps, request, reply, issue, outcome);
  return reply.redirect(`/admin/newsletters/issues/${issue.id}?notice=stories`, 303);
});

/**
 * A sent issue previews what was mailed; a draft, what would be mailed now, its "View in
 * your browser" pointing at `webVersionUrl` when given (the public one is a 404 for a draft).
 */
async function previewOf(deps: Deps, issue: IssueRow, webVersionUrl?: string) {
  if (issue.html !== null && issue.text !== null) return { subject: issue.subject, html: issue.html, text: issue.text };
  return renderIssue(deps.db, issue.id, { siteUrl: deps.siteUrl, ...(webVersionUrl && { webVersionUrl }) });
}
const withoutMarker = (deps: Deps, value: string) => value.replaceAll(UNSUBSCRIBE_URL_MARKER, `${deps.siteUrl}/newsletter`);

const previewHtml = onIssue(async (deps, issue, _request, reply) => {
  const mail = await previewOf(deps, issue);
  return reply
    .type('text/html; charset=utf-8')
    .header('Content-Security-Policy', webVersionPolicy(deps.siteUrl, { framedBySelf: true }))
    .send(withoutMarker(deps, mail.html));
});

const previewText = onIssue(async (deps, issue, _request, reply) => {
  const mail = await previewOf(deps, issue);
  return reply
    .type('text/plain; charset=utf-8')
    .header('X-Content-Type-Options', 'nosniff')
    .send(`Subject: ${mail.subject}\n\n${withoutMarker(deps, mail.text)}`);
});

const sendTest = onIssue(async (deps, issue, request, reply) => {
  const to = await staffEmail(deps.db, request.staff!.id);
  if (!to)
    return page(deps, request, reply, issue, { notice: { kind: 'error', text: 'Your account has no address to send the test to.' } }, 400);
  // A draft's web version does not exist yet: the test links to a signed preview of it instead.
  const browserLink = issue.html === null ? issuePreviewUrl(deps.secretKey, deps.siteUrl, issue.id, new Date()) : undefined;
  const [mail, list, settings] = await Promise.all([
    previewOf(deps, issue, browserLink),
    newsletterById(deps.db, issue.newsletter_id),
    loadPublicationSettings(deps.db),
  ]);
  // The very message subscribers will get (same MIME and headers), with links that name nobody.
  const test = issueMessages(deps, {
    id: issue.id,
    subject: `[Test] ${mail.subject}`,
    html: mail.html,
    text: mail.text,
    listSlug: list?.slug ?? 'newsletter',
    listName: list?.name ?? '',
    publicationName: settings.name,
  })({ to, deliveryId: null });
  try {
    await deps.mailer.sendRaw(test.to, test.raw, { kind: 'newsletter-test' });
  } catch (error) {
    request.log.warn({ err: error, issue: issue.id }, 'newsletter test send failed');
    return page(
      deps,
      request,
      reply,
      issue,
      {
        notice: {
          kind: 'error',
          text: 'The mail server did not accept the test. Try again in a moment; if it keeps failing, check SMTP_URL.',
        },
      },
      502,
    );
  }
  return reply.redirect(`/admin/newsletters/issues/${issue.id}?notice=test-sent`, 303);
});

/** The test mail's "View in your browser" for a draft: anyone holding the signed link, until it expires. */
async function signedPreview(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const id = idParam(request);
  const valid = id !== null && issuePreviewValid(deps.secretKey, id, request.query as Record<string, unknown>, new Date());
  const issue = valid ? await issueById(deps.db, id) : undefined;
  if (!issue)
    return request.server.sendErrorPage(
      reply,
      404,
      'Preview not found',
      'This preview link has expired or is mistyped. Send yourself a new test from the newsroom.',
    );
  const { expires, sig } = request.query as { expires: string; sig: string };
  const here = `${deps.siteUrl}${ISSUE_PREVIEW_PATH}/${issue.id}?expires=${expires}&sig=${sig}`;
  const mail = await previewOf(deps, issue, here);
  return reply
    .type('text/html; charset=utf-8')
    .header('Content-Security-Policy', webVersionPolicy(deps.siteUrl))
    .header('X-Robots-Tag', 'noindex, nofollow')
    .header('Referrer-Policy', 'no-referrer')
    .send(withoutMarker(deps, mail.html));
}

const scheduleSend = onIssue(async (deps, issue, request, reply) => {
  const body = bodyOf(request);
  const revision = revisionOf(body.revision);
  const now = new Date();
  // Sending at once mails the whole list: only with the box naming how many people it reaches ticked.
  if (body.when === 'now' && body.confirm !== 'yes')
    return page(
      deps,
      request,
      reply,
      issue,
      { errors: [{ field: 'Send now', message: 'tick the box that confirms sending to every subscriber; nothing was sent' }] },
      400,
    );
  let at = now;
  if (body.when !== 'now') {
    const settings = await loadPublicationSettings(deps.db);
    const iso = typeof body.send_at === 'string' ? wallTimeToUtc(body.send_at, settings.time_zone) : null;
    if (!iso) return page(deps, request, reply, issue, { errors: [{ field: 'Send at', message: 'must be a date and time' }] }, 400);
    at = new Date(iso);
    if (at.getTime() <= now.getTime())
      return page(
        deps,
        request,
        reply,
        issue,
        { errors: [{ field: 'Send at', message: 'must be in the future; use Send now to send it at once' }] },
        400,
      );
  }
  if (revision === null)
    return page(deps, request, reply, issue, { errors: [{ field: 'Revision', message: 'is missing; reload the page' }] }, 400);
  const outcome = await scheduleIssueSend(deps.db, { issueId: issue.id, at, revision, staffId: request.staff!.id, now });
  if (!outcome.ok) {
    if (outcome.reason === 'not-found') return notFound(request.server, reply, 'Issue');
    const status = outcome.reason === 'empty' ? 400 : 409;
    return page(deps, request, reply, issue, { notice: { kind: 'error', text: SCHEDULE_REFUSALS[outcome.reason] } }, status);
  }
  request.log.info({ by: request.staff!.id, issue: issue.id, at: at.toISOString() }, 'newsletter issue scheduled');
  return reply.redirect(`/admin/newsletters/issues/${issue.id}?notice=${body.when === 'now' ? 'sending' : 'scheduled'}`, 303);
});

const resendToUncertain = onIssue(async (deps, issue, request, reply) => {
  const queued = await resendUncertain(deps.db, { issueId: issue.id });
  if (queued === 0)
    return page(deps, request, reply, issue, { notice: { kind: 'error', text: 'No recipient of this issue is uncertain.' } }, 409);
  request.log.info({ by: request.staff!.id, issue: issue.id, queued }, 'newsletter uncertain recipients queued again');
  return reply.redirect(`/admin/newsletters/issues/${issue.id}?notice=resending`, 303);
});

const cancelSchedule = onIssue(async (deps, issue, request, reply) => {
  const cancelled = await cancelIssueSend(deps.db, { issueId: issue.id, staffId: request.staff!.id });
  if (!cancelled)
    return page(
      deps,
      request,
      reply,
      issue,
      { notice: { kind: 'error', text: 'The send has already started (or the issue was not scheduled), so it cannot be cancelled.' } },
      409,
    );
  return reply.redirect(`/admin/newsletters/issues/${issue.id}?notice=cancelled`, 303);
});

const ISSUE_ROUTES: RouteTable<Deps> = [
  { method: 'GET', url: '/admin/newsletters/issues/:id', handler: showIssue },
  { method: 'POST', url: '/admin/newsletters/issues/:id', handler: saveText },
  { method: 'POST', url: '/admin/newsletters/issues/:id/stories', handler: changeStories },
  { method: 'GET', url: '/admin/newsletters/issues/:id/preview.html', handler: previewHtml },
  { method: 'GET', url: '/admin/newsletters/issues/:id/preview.txt', handler: previewText },
  { method: 'POST', url: '/admin/newsletters/issues/:id/test', handler: sendTest },
  { method: 'POST', url: '/admin/newsletters/issues/:id/schedule', handler: scheduleSend },
  { method: 'POST', url: '/admin/newsletters/issues/:id/resend-uncertain', handler: resendToUncertain },
  { method: 'POST', url: '/admin/newsletters/issues/:id/cancel', handler: cancelSchedule },
  { method: 'GET', url: `${ISSUE_PREVIEW_PATH}/:id`, handler: signedPreview },
];

export function registerIssueRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, deps, ISSUE_ROUTES);
}
