import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record-audit.js';
import { csvLine, EXPORT_COLUMNS, MAX_REPORTED_ERRORS, parseSubscriberCsv } from '../content/subscriber-csv.js';
import { parseSubscriberFilter, type SubscriberFilter } from '../content/subscriber-filter.js';
import { registerRoutes, type RouteHandler, type RouteTable } from '../http/route-table.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { SubscriberImportPage, type ImportDone, type ImportReport } from '../render/newsroom/subscriber-import-page.js';
import { listNewsletters } from '../store/newsletter/newsletter-repository.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { ImportListMissing, importSubscribers } from '../store/subscribers/subscriber-import-repository.js';
import { subscriberBatch } from '../store/subscribers/subscriber-repository.js';
import type { Db } from '../store/store.js';
import { refusal } from './manage-form.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// Subscribers in and out as CSV. An import is checked whole before anything is written
// (a report of every bad line, or one transaction); an export streams in id order, a
// thousand rows per query, so its memory stays flat however long the list.

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const EXPORT_BATCH = 1000;

/** A file name fit for the consent record: no path, no control characters, bounded. */
function cleanFileName(raw: string | undefined): string {
  const name = (raw ?? '')
    .split(/[\\/]/)
    .at(-1)!
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 100);
  return name || 'upload.csv';
}

async function* exportChunks(db: Db, filter: SubscriberFilter): AsyncGenerator<string> {
  yield csvLine([...EXPORT_COLUMNS]);
  let after = 0;
  for (;;) {
    const batch = await subscriberBatch(db, filter, after, EXPORT_BATCH);
    if (!batch.length) return;
    yield batch
      .map((r) =>
        csvLine([
          r.email,
          r.status,
          r.lists.join(';'),
          r.consent_at,
          r.consent_source,
          r.consent_ip,
          r.created_at,
          r.confirmed_at,
          r.unsubscribed_at,
        ]),
      )
      .join('');
    after = batch.at(-1)!.id;
  }
}

type Deps = NewsroomDeps;
type ImportResult = { errors?: FieldError[]; report?: ImportReport; done?: ImportDone };

const guarded =
  (handler: RouteHandler<Deps>): RouteHandler<Deps> =>
  (deps, request, reply) =>
    refusal(request.server, request, reply, 'newsletter.manage', 'import or export subscribers') ?? handler(deps, request, reply);

async function importPage(deps: Deps, request: FastifyRequest, reply: FastifyReply, result: ImportResult = {}, status = 200) {
  const lists = await listNewsletters(deps.db);
  return sendNewsroomPage(
    deps,
    request,
    reply,
    SubscriberImportPage,
    {
      view: {
        lists: lists.map((l) => l.slug),
        maxMegabytes: MAX_IMPORT_BYTES / 1024 / 1024,
        errors: result.errors ?? [],
        report: result.report ?? null,
        done: result.done ?? null,
      },
    },
    status,
  );
}

/** The uploaded file as UTF-8 text, or the refusal to show (too large, not a file, not UTF-8). */
async function uploadedText(
  request: FastifyRequest,
): Promise<{ text: string; fileName: string } | { refused: FieldError; status: number }> {
  const file = (request.body as Record<string, unknown> | null)?.file as
    { toBuffer?: () => Promise<Buffer>; filename?: string; type?: string } | undefined;
  if (!file?.toBuffer || file.type !== 'file') return { refused: { field: 'file', message: 'Choose a CSV file to import.' }, status: 400 };
  let bytes: Buffer;
  try {
    bytes = await file.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') bytes = Buffer.alloc(MAX_IMPORT_BYTES + 1);
    else throw error;
  }
  if (bytes.length > MAX_IMPORT_BYTES)
    return { refused: { field: 'file', message: 'The file is larger than 5 MB; split it and import the parts.' }, status: 413 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), fileName: cleanFileName(file.filename) };
  } catch {
    return { refused: { field: 'file', message: 'The file is not UTF-8 text; save it as “CSV UTF-8” and try again.' }, status: 400 };
  }
}

async function importCsv(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const upload = await uploadedText(request);
  if ('refused' in upload) return importPage(deps, request, reply, { errors: [upload.refused] }, upload.status);
  const { text, fileName } = upload;
  const started = performance.now();
  const [lists, settings] = await Promise.all([listNewsletters(deps.db), loadPublicationSettings(deps.db)]);
  const parsed = parseSubscriberCsv(text, { knownLists: new Set(lists.map((l) => l.slug)), timeZone: settings.time_zone, now: new Date() });
  if (!parsed.ok) {
    const report = {
      fileName,
      lines: parsed.errors.slice(0, MAX_REPORTED_ERRORS),
      more: Math.max(0, parsed.errors.length - MAX_REPORTED_ERRORS),
    };
    return importPage(deps, request, reply, { report }, 400);
  }
  try {
    const summary = await importSubscribers(deps.db, {
      rows: parsed.rows,
      defaultSource: `import: ${fileName}`,
      now: new Date().toISOString(),
    });
    const ms = Math.round(performance.now() - started);
    request.log.info({ by: request.staff!.id, file: fileName, ...summary, ms }, 'subscribers imported');
    await recordAudit(deps.db, {
      action: 'subscribers.imported',
      target: { kind: 'subscribers', id: null, label: fileName },
      detail: { ...summary },
    });
    return importPage(deps, request, reply, { done: { fileName, ...summary, ms } });
  } catch (error) {
    if (error instanceof ImportListMissing)
      return importPage(deps, request, reply, { errors: [{ field: 'lists', message: `${error.message}; nothing was imported.` }] }, 409);
    throw error;
  }
}

async function exportCsv(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const lists = await listNewsletters(deps.db);
  const { filter } = parseSubscriberFilter(
    request.query as Record<string, unknown>,
    lists.map((l) => l.slug),
  );
  request.log.info({ by: request.staff!.id, filter }, 'subscribers exported');
  await recordAudit(deps.db, { action: 'subscribers.exported', target: { kind: 'subscribers', id: null, label: '' }, detail: { filter } });
  const day = new Date().toISOString().slice(0, 10);
  return reply
    .type('text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="subscribers-${day}.csv"`)
    .header('Cache-Control', 'private, no-store')
    .send(Readable.from(exportChunks(deps.db, filter)));
}

const TRANSFER_ROUTES: RouteTable<Deps> = [
  { method: 'GET', url: '/admin/subscribers/import', handler: guarded((deps, request, reply) => importPage(deps, request, reply)) },
  { method: 'POST', url: '/admin/subscribers/import', handler: guarded(importCsv) },
  { method: 'GET', url: '/admin/subscribers.csv', handler: guarded(exportCsv) },
];

export function registerSubscriberTransferRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, deps, TRANSFER_ROUTES);
}
