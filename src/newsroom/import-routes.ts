import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerRoutes, type RouteTable } from '../http/route-table.js';
import { ImportsPage } from '../render/newsroom/imports-page.js';
import { importedRestrictedStories, importedStoriesMissingCredit } from '../store/migration/migration-items.js';
import { refusal } from './manage-form.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// What a migration left for people to finish: imported stories whose images have no
// photo credit (the source had no field for one), and stories the source kept from the
// public, which arrived as drafts. Editors and up, who can fix them.

type Deps = NewsroomDeps & { app: FastifyInstance };

async function missingCredits(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const no = refusal(deps.app, request, reply, 'taxonomy.manage', 'review imported stories');
  if (no) return no;
  const [uncredited, restricted] = await Promise.all([importedStoriesMissingCredit(deps.db), importedRestrictedStories(deps.db)]);
  return sendNewsroomPage(deps, request, reply, ImportsPage, {
    view: {
      rows: uncredited.map((r) => ({ ...r, uncredited: Number(r.uncredited) })),
      restricted: restricted.map((r) => ({ ...r, restriction: (JSON.parse(r.flags) as string[]).join(', ') })),
    },
  });
}

const ROUTES: RouteTable<Deps> = [{ method: 'GET', url: '/admin/imports', handler: missingCredits }];

export function registerImportRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, { ...deps, app }, ROUTES);
}
