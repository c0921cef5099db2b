import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cacheKeys, SITE_KEY } from '../content/cache-keys.js';
import { isNotModified } from '../http/conditional-get.js';
import { BadCursorError, liveFeed } from '../live/live-feed.js';
import { findVisibleArticle } from '../store/stories/visible-stories.js';
import type { ReaderDeps } from './page-result.js';

// GET /{slug}/live.json?since=CURSOR (docs/live-coverage.md). Cacheable like the story's
// page: a short browser lifetime, and at a CDN the story's own purge key, which every
// entry change records (src/live/live-coverage.ts), so a shared cache never serves an
// answer older than the last change it was told of. The ETag is the answer's own hash.

const LIVE_FEED_CACHE_CONTROL = 'public, max-age=5, s-maxage=60, stale-while-revalidate=30';

function refuse(reply: FastifyReply, status: 400 | 404, code: string, message: string) {
  return reply.code(status).header('Cache-Control', 'no-store').send({ error: { code, message } });
}

export async function serveLiveFeed(deps: ReaderDeps, request: FastifyRequest, reply: FastifyReply) {
  const { slug } = request.params as { slug: string };
  const since = (request.query as { since?: unknown }).since;
  if (since !== undefined && typeof since !== 'string')
    return refuse(reply, 400, 'BAD_CURSOR', '"since" must be given once, as a cursor from an earlier live.json answer.');
  const article = await findVisibleArticle(deps.db, slug, deps.now);
  const notLive = () => refuse(reply, 404, 'NOT_FOUND', 'No live coverage at this address.');
  if (!article) return notLive();
  let feed;
  try {
    feed = await liveFeed(deps.db, deps.basics.publication, article.id, since, deps.now);
  } catch (error) {
    if (error instanceof BadCursorError) return refuse(reply, 400, 'BAD_CURSOR', error.message);
    throw error;
  }
  if (!feed) return notLive();
  const body = JSON.stringify(feed);
  const etag = `"live-${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const keys = [SITE_KEY, cacheKeys.story(article.id)];
  reply
    .type('application/json; charset=utf-8')
    .header('Cache-Control', LIVE_FEED_CACHE_CONTROL)
    .header('ETag', etag)
    .header('Surrogate-Key', keys.join(' '))
    .header('Cache-Tag', keys.join(','))
    .header('Vary', 'Accept-Encoding');
  if (isNotModified(request.headers, etag, null)) return reply.code(304).send();
  return reply.send(body);
}
