import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerRoutes, type RouteTable } from '../http/route-table.js';
import { ImportsPage } from '../render/newsroom/imports-page.js';
import { importedStoriesMissingCredit } from '../store/migration/migration-items.js';
import { refusal } from './manage-form.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// What a migration left for people to finish: imported stories whose images have no
// photo credit (the source had no field for one). Editors and up, who can fix them.

type Deps = NewsroomDeps & { app: FastifyInstance };

async function missingCredits(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const no = refusal(deps.app, request, reply, 'taxonomy.manage', 'review imported stories');
  if (no) return no;
  const rows = await importedStoriesMissingCredit(deps.db);
  return sendNewsroomPage(deps, request, reply, ImportsPage, {
    view: { rows: rows.map((r) => ({ ...r, uncredited: Number(r.uncredited) })) },
  });
}

const ROUTES: RouteTable<Deps> = [{ method: 'GET', url: '/admin/imports', handler: missingCredits }];

export function registerImportRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, { ...deps, app }, ROUTES);
}
