import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../content/policy.js';
import { MAIL_KIND_LABELS } from '../mail/mail-failures.js';
import type { MailKind } from '../mail/mailer.js';
import { MailProblemsPage, type MailProblemsNoticeView } from '../render/newsroom/mail-problems-page.js';
import {
  listMailFailures,
  MAIL_FAILURE_DAYS,
  MAIL_FAILURES_KEPT,
  markMailFailuresSeen,
  unseenMailFailures,
} from '../store/mail/mail-failure-repository.js';
import type { Db } from '../store/store.js';
import { noticeOf, refusal } from './manage-form.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// "Mail problems" (issue 12): account and staff mail that could not be sent, recorded by
// mail/mail-failures.ts, for the owner and admins (content/policy.ts, 'mail.problems').

const NOTICES = { seen: 'Marked as read.' };

const kindLabel = (kind: string) => MAIL_KIND_LABELS[kind as MailKind] ?? kind;

/** For the newsroom home: unread failures, or null for a role that may not see them (no query then). */
export async function mailProblemsNotice(db: Db, request: FastifyRequest): Promise<MailProblemsNoticeView | null> {
  if (!request.staff || !can(actorOf(request.staff), 'mail.problems')) return null;
  const unseen = await unseenMailFailures(db);
  return unseen.count > 0 ? unseen : null;
}

export function registerMailProblemsRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  const guard = (request: FastifyRequest, reply: Parameters<typeof refusal>[2]) =>
    refusal(app, request, reply, 'mail.problems', 'see mail problems');

  app.get('/admin/mail-problems', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const rows = await listMailFailures(deps.db);
    return sendNewsroomPage(deps, request, reply, MailProblemsPage, {
      view: {
        rows: rows.map((row) => ({
          at: row.at,
          kind: kindLabel(row.kind),
          recipient: row.recipient,
          error: row.error,
          unseen: !row.seen_at,
        })),
        unseen: rows.filter((row) => !row.seen_at).length,
        kept: { rows: MAIL_FAILURES_KEPT, days: MAIL_FAILURE_DAYS },
        notice: noticeOf(request, NOTICES),
      },
    });
  });

  app.post('/admin/mail-problems/seen', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    await markMailFailuresSeen(deps.db, new Date().toISOString());
    return reply.redirect('/admin/mail-problems?notice=seen', 303);
  });
}
