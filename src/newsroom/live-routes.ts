import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../content/policy.js';
import { NewsroomError } from '../editorial/newsroom-error.js';
import { registerRoutes, type RouteHandler, type RouteTable } from '../http/route-table.js';
import { deleteLiveEntry, editLiveEntry, endLiveCoverage, postLiveEntry, startLiveCoverage } from '../live/live-coverage.js';
import { actorOf, type NewsroomDeps } from './newsroom-app.js';
import { refuseStory, wantsJson } from './story-editor-view.js';

// Live coverage from the story's newsroom page (docs/live-coverage.md): start, end, post,
// edit and delete entries. A thin door: src/live/live-coverage.ts checks the policy and
// writes; a refusal comes back as the editor page with the reason (or JSON) and changes
// nothing. The CSRF token and Origin are checked for every POST by newsroom-routes.ts.

const positiveId = (raw: string | undefined): number => (raw && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN);
const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** The composer's form as the service's input: checkboxes send "on" or nothing. */
function entryFromForm(body: Record<string, unknown>, { withBody }: { withBody: boolean }): Record<string, unknown> {
  const author = str(body.author_id);
  const authorId = author === '' ? null : /^[1-9]\d{0,15}$/.test(author) ? Number(author) : author;
  return {
    ...(withBody && { body: str(body.body) }),
    author_id: authorId,
    key_event: body.key_event === 'on',
    pinned: body.pinned === 'on',
  };
}

type LiveAct = (
  deps: NewsroomDeps,
  at: { id: number; entryId: number; actor: Actor; body: Record<string, unknown>; json: boolean },
) => Promise<unknown>;

const onLive =
  (act: LiveAct): RouteHandler<NewsroomDeps> =>
  async (deps, request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as { id?: string; entryId?: string };
    const id = positiveId(params.id);
    try {
      if (Number.isNaN(id)) throw new NewsroomError(404, 'NOT_FOUND', 'No such story.');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const result = await act(deps, {
        id,
        entryId: positiveId(params.entryId),
        actor: actorOf(request.staff!),
        body,
        json: wantsJson(request),
      });
      if (wantsJson(request)) return reply.header('Cache-Control', 'no-store').send(result ?? { ok: true });
      return reply.redirect(`/admin/stories/${id}#live-coverage`, 303);
    } catch (error) {
      return refuseStory(deps, request, reply, { error, id: Number.isNaN(id) ? null : id });
    }
  };

const entryNotFound = () => new NewsroomError(404, 'NOT_FOUND', 'No such entry.');

const start = onLive((deps, { id, actor }) => startLiveCoverage(deps, actor, id, new Date()));
const end = onLive((deps, { id, actor }) => endLiveCoverage(deps, actor, id, new Date()));
// A JSON request sends the service's own input; a form is read as the composer sends it.
const post = onLive(async (deps, { id, actor, body, json }) => ({
  id: await postLiveEntry(deps, actor, id, json ? body : entryFromForm(body, { withBody: true }), new Date()),
}));
const edit = onLive(async (deps, { id, entryId, actor, body, json }) => {
  if (Number.isNaN(entryId)) throw entryNotFound();
  // A form without a body field edits only the byline and the marks (an entry with images).
  await editLiveEntry(deps, actor, id, entryId, json ? body : entryFromForm(body, { withBody: 'body' in body }), new Date());
});
const remove = onLive(async (deps, { id, entryId, actor }) => {
  if (Number.isNaN(entryId)) throw entryNotFound();
  await deleteLiveEntry(deps, actor, id, entryId, new Date());
});

const LIVE_ROUTES: RouteTable<NewsroomDeps> = [
  { method: 'POST', url: '/admin/stories/:id/live/start', handler: start },
  { method: 'POST', url: '/admin/stories/:id/live/end', handler: end },
  { method: 'POST', url: '/admin/stories/:id/live/entries', handler: post },
  { method: 'POST', url: '/admin/stories/:id/live/entries/:entryId', handler: edit },
  { method: 'POST', url: '/admin/stories/:id/live/entries/:entryId/delete', handler: remove },
];

export function registerLiveRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, deps, LIVE_ROUTES);
}
