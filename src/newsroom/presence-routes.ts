import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NewsroomError } from '../editorial/newsroom-error.js';
import { HEARTBEAT_MS, leaveStory, storyHeartbeat } from '../editorial/story-presence.js';
import { registerRoutes, type RouteTable } from '../http/route-table.js';
import { presenceMessage } from '../render/newsroom/presence-notice.js';
import { loadPublicationSettings } from '../store/publication/settings-repository.js';
import { actorOf, type NewsroomDeps } from './newsroom-app.js';

// The editor page's soft lock (editorial/story-presence.ts): a heartbeat that answers who
// else has the story open, and a goodbye sent with navigator.sendBeacon when the page is
// left (a form body carrying `_csrf`, since a beacon cannot set headers).

const storyId = (request: FastifyRequest): number => {
  const raw = (request.params as { id: string }).id;
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
};

async function heartbeat(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply) {
  try {
    const visit = ((request.body ?? {}) as { visit?: unknown }).visit;
    const others = await storyHeartbeat(deps, actorOf(request.staff!), { storyId: storyId(request), visit }, new Date());
    const settings = await loadPublicationSettings(deps.db);
    return reply.header('Cache-Control', 'no-store').send({
      others,
      message: presenceMessage(others, { zone: settings.time_zone, locale: settings.locale }),
      heartbeatMs: HEARTBEAT_MS,
    });
  } catch (error) {
    if (!(error instanceof NewsroomError)) throw error;
    return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
  }
}

async function leave(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply) {
  try {
    const visit = ((request.body ?? {}) as { visit?: unknown }).visit;
    await leaveStory(deps, actorOf(request.staff!), { storyId: storyId(request), visit });
    return reply.code(204).send();
  } catch (error) {
    if (!(error instanceof NewsroomError)) throw error;
    return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
  }
}

const PRESENCE_ROUTES: RouteTable<NewsroomDeps> = [
  { method: 'POST', url: '/admin/stories/:id/presence', handler: heartbeat },
  { method: 'POST', url: '/admin/stories/:id/presence/leave', handler: leave },
];

export function registerPresenceRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, deps, PRESENCE_ROUTES);
}
