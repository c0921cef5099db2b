import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, AUDIT_TARGET_KINDS, isAuditAction } from '../audit/audit-actions.js';
import { auditEntryJson, auditQueryString, parseAuditQuery } from '../audit/audit-query.js';
import { registerRoutes, type RouteHandler, type RouteTable } from '../http/route-table.js';
import { AuditPage, type AuditRowView } from '../render/newsroom/audit-page.js';
import { listAuditEntries, walkAuditEntries, type AuditEntry } from '../store/audit/audit-repository.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { refusal } from './manage-form.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// The audit trail at /admin/audit (owner and admins; everyone else gets the 403 page the
// other owner/admin screens give) and its JSON-lines export at /admin/audit.jsonl.

type Deps = NewsroomDeps;
const PAGE_SIZE = 50;

const guarded =
  (handler: RouteHandler<Deps>): RouteHandler<Deps> =>
  (deps, request, reply) =>
    refusal(request.server, request, reply, 'audit.read', 'read the audit trail') ?? handler(deps, request, reply);

function detailText(json: string): string {
  const detail = JSON.parse(json) as Record<string, unknown>;
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

function rowView(entry: AuditEntry): AuditRowView {
  return {
    id: entry.id,
    at: entry.at,
    action: entry.action,
    actionLabel: isAuditAction(entry.action) ? AUDIT_ACTION_LABELS[entry.action] : entry.action,
    actor: entry.actor_kind === 'staff' ? `${entry.actor_label} (#${entry.actor_id})` : entry.actor_label,
    door: entry.door,
    ip: entry.ip,
    target: entry.target_kind
      ? `${entry.target_kind}${entry.target_id === null ? '' : ` #${entry.target_id}`}${entry.target_label ? `: ${entry.target_label}` : ''}`
      : '',
    detail: detailText(entry.detail),
  };
}

async function auditPage(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const settings = await loadPublicationSettings(deps.db);
  const parsed = parseAuditQuery(request.query as Record<string, unknown>, settings.time_zone);
  // One more than a screen tells whether an older screen exists, without counting the log.
  const rows = parsed.ok ? await listAuditEntries(deps.db, parsed.filter, { before: parsed.before, limit: PAGE_SIZE + 1 }) : [];
  const shown = rows.slice(0, PAGE_SIZE);
  return sendNewsroomPage(
    deps,
    request,
    reply,
    AuditPage,
    {
      view: {
        values: parsed.values,
        actions: AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] })),
        targetKinds: AUDIT_TARGET_KINDS.map((k) => ({ value: k, label: k })),
        errors: parsed.ok ? [] : parsed.errors,
        rows: shown.map(rowView),
        query: auditQueryString(parsed.values),
        olderBefore: rows.length > PAGE_SIZE ? shown[shown.length - 1]!.id : null,
        paged: parsed.ok && parsed.before !== undefined,
      },
    },
    parsed.ok ? 200 : 400,
  );
}

async function* jsonLines(entries: AsyncIterable<AuditEntry>): AsyncGenerator<string> {
  for await (const entry of entries) yield `${auditEntryJson(entry)}\n`;
}

async function auditExport(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const settings = await loadPublicationSettings(deps.db);
  const parsed = parseAuditQuery(request.query as Record<string, unknown>, settings.time_zone);
  if (!parsed.ok) {
    return reply
      .code(400)
      .type('text/plain; charset=utf-8')
      .send(`Nothing was exported: ${parsed.errors.map((e) => `${e.field} ${e.message}`).join('; ')}.\n`);
  }
  const day = new Date().toISOString().slice(0, 10);
  return reply
    .type('application/x-ndjson; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="audit-${day}.jsonl"`)
    .header('Cache-Control', 'private, no-store')
    .send(Readable.from(jsonLines(walkAuditEntries(deps.db, parsed.filter))));
}

const AUDIT_ROUTES: RouteTable<Deps> = [
  { method: 'GET', url: '/admin/audit', handler: guarded(auditPage) },
  { method: 'GET', url: '/admin/audit.jsonl', handler: guarded(auditExport) },
];

export function registerAuditRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, deps, AUDIT_ROUTES);
}
