import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pageCount, parsePageParam } from '../content/pagination.js';
import { listOutbox, readOutboxMessage } from '../mail/outbox.js';
import { OutboxMessagePage, OutboxPage } from '../render/newsroom/outbox-page.js';
import { notFound, queryString, refusal } from './manage-form.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// The outbox (SPEC §2): with SMTP_URL unset, mail is written as .eml files and listed
// here. Owner only: the files hold other staff's password-reset and set-up links, and
// anyone else who read them could take over those accounts (content/policy.ts).

export const OUTBOX_PER_PAGE = 50;

export function registerOutboxRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  const guard = (request: FastifyRequest, reply: FastifyReply) => refusal(app, request, reply, 'outbox.read', 'read the outbox');

  app.get('/admin/outbox', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    if (deps.outboxDir === null) {
      return sendNewsroomPage(deps, request, reply, OutboxPage, { view: { kept: false, rows: [], total: 0, page: 1, pages: 1 } });
    }
    const raw = queryString(request, 'page');
    const asked = parsePageParam(raw === '' ? undefined : raw);
    let page = asked.ok ? asked.page : 1;
    let found = await listOutbox(deps.outboxDir, { page, perPage: OUTBOX_PER_PAGE });
    const pages = pageCount(found.total, OUTBOX_PER_PAGE);
    // Past the end (the folder was emptied by hand): the last page rather than nothing.
    if (page > pages) {
      page = pages;
      found = await listOutbox(deps.outboxDir, { page, perPage: OUTBOX_PER_PAGE });
    }
    return sendNewsroomPage(deps, request, reply, OutboxPage, { view: { kept: true, rows: found.rows, total: found.total, page, pages } });
  });

  app.get('/admin/outbox/:file', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const file = (request.params as { file?: string }).file ?? '';
    const message = deps.outboxDir === null ? null : await readOutboxMessage(deps.outboxDir, file);
    if (!message) return notFound(app, reply, 'Message');
    return sendNewsroomPage(deps, request, reply, OutboxMessagePage, { view: message });
  });
}
