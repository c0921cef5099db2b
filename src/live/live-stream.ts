import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SITE_KEY } from '../content/cache-keys.js';
import type { PublicationView } from '../render/html/view-model.js';
import { readSiteBasics } from '../site/site-basics.js';
import type { Changes } from '../store/publication/content-changes.js';
import { findPublishedId } from '../store/stories/published-stories.js';
import type { Db } from '../store/store.js';
import { LIVE_CURSOR_PATTERN, liveFeed } from './live-feed.js';
import { LiveHub, type LiveSubscriber } from './live-hub.js';

// GET /{slug}/live/stream: live coverage pushed as Server-Sent Events (docs/live-coverage.md,
// "The push"). The response is never cached (no-store, and X-Accel-Buffering: no for
// nginx; the shipped Varnish VCL passes it unbuffered); the page and /{slug}/live.json
// are what caches keep. Each event is one `entries` message whose data is the live.json
// answer and whose id is its cursor, so a reconnecting browser's Last-Event-ID picks up
// where it left off.

export const LIVE_STREAM_PATH = '/:slug/live/stream';
/** Seconds a refused reader (the cap) is asked to wait. */
const FULL_RETRY_AFTER_S = 30;
/** Slugs looked up between two content changes, at most. */
const MAX_SLUGS = 1000;

export interface LiveStreamOptions {
  /** Where reader pages read (the replica, or the primary): the follower has seen its changes. */
  db: Db;
  siteUrl: string;
  maxConnections: number;
  heartbeatMs?: number;
}

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // Never stored by this process's page cache, a CDN or the browser.
  'cache-control': 'no-store',
  // nginx (and proxies that follow it) pass each event on at once instead of buffering.
  'x-accel-buffering': 'no',
};

/** The headers every response got on the way in (http/security-headers.ts), for a hijacked reply. */
function commonHeaders(reply: FastifyReply): Record<string, string | number | string[]> {
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  return headers;
}

/** A reader's response as the hub writes it: the head goes out with the first bytes. */
function subscriberOf(reply: FastifyReply): LiveSubscriber {
  const res: ServerResponse = reply.raw;
  return {
    write(chunk) {
      if (!res.headersSent) res.writeHead(200, { ...commonHeaders(reply), ...STREAM_HEADERS });
      return res.write(chunk);
    },
    end: () => res.end(),
    get writableLength() {
      return res.writableLength;
    },
  };
}

function refuse(reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}): void {
  reply.raw.writeHead(status, {
    ...commonHeaders(reply),
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  reply.raw.end(message);
}

/** Last-Event-ID (a reconnect) before ?since= (the page's cursor); null when malformed. */
function cursorOf(request: FastifyRequest): string | undefined | null {
  const header = request.headers['last-event-id'];
  const query = (request.query as { since?: unknown }).since;
  const value = typeof header === 'string' && header !== '' ? header : query;
  if (value === undefined) return undefined;
  return typeof value === 'string' && LIVE_CURSOR_PATTERN.test(value) ? value : null;
}

export interface LiveStream {
  hub: LiveHub;
}

export function registerLiveStream(app: FastifyInstance, options: LiveStreamOptions): LiveStream {
  let publication: Promise<PublicationView> | null = null;
  const publicationNow = () => {
    const read = (publication ??= readSiteBasics(options.db, options.siteUrl).then((basics) => basics.publication));
    read.catch(() => {
      if (publication === read) publication = null;
    });
    return read;
  };
  const slugs = new Map<string, Promise<number | undefined>>();
  const storyIdOf = (slug: string) => {
    let id = slugs.get(slug);
    if (!id) {
      if (slugs.size >= MAX_SLUGS) slugs.clear();
      id = findPublishedId(options.db, slug, new Date().toISOString());
      slugs.set(slug, id);
      id.catch(() => slugs.delete(slug));
    }
    return id;
  };

  const hub = new LiveHub({
    load: async (storyId, since) => liveFeed(options.db, await publicationNow(), storyId, since),
    maxConnections: options.maxConnections,
    ...(options.heartbeatMs !== undefined && { heartbeatMs: options.heartbeatMs }),
    log: app.log,
  });
  app.contentFollower.onChanges((changes: Changes) => {
    // A slug may have moved, or the publication's name or time zone changed.
    slugs.clear();
    if (changes.kind === 'all' || changes.changes.some((c) => c.keys.includes(SITE_KEY))) publication = null;
    hub.onChanges(changes);
  });
  // Before the server stops accepting: open streams would otherwise hold shutdown up for ever.
  app.addHook('preClose', async () => hub.close());

  app.get(LIVE_STREAM_PATH, { config: { longLived: true } }, async (request, reply) => {
    const since = cursorOf(request);
    if (since === null) {
      return reply
        .code(400)
        .header('Cache-Control', 'no-store')
        .send({ error: { code: 'BAD_CURSOR', message: 'Last-Event-ID or "since" must be a cursor from this stream or live.json.' } });
    }
    // The follower first, so a reader never starts from a cursor behind what this process has told the others.
    await app.contentFollower.current();
    const storyId = await storyIdOf((request.params as { slug: string }).slug);
    reply.hijack();
    if (storyId === undefined) return refuse(reply, 404, 'There is no such story.');
    const reader = subscriberOf(reply);
    let subscribed;
    try {
      subscribed = await hub.subscribe(storyId, since, reader);
    } catch (error) {
      request.log.error({ err: error }, 'cannot open a live stream');
      return refuse(reply, 503, 'The live stream cannot be opened just now.', { 'retry-after': '5' });
    }
    switch (subscribed.status) {
      case 'open':
        // 'close' also fires if the browser left while the stream was being opened.
        if (reply.raw.destroyed || request.raw.socket.destroyed) subscribed.close();
        else reply.raw.once('close', () => subscribed.close());
        return;
      case 'full':
        return refuse(reply, 503, 'Too many readers are following live just now.', { 'retry-after': String(FULL_RETRY_AFTER_S) });
      case 'not-found':
        return refuse(reply, 404, 'This story has no live coverage.');
      case 'ended':
        // 204 tells EventSource not to reconnect: coverage is over, the page is the record.
        return refuse(reply, 204, '');
    }
  });
  return { hub };
}
