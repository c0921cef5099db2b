import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storyEventSink } from '../../src/editorial/story-events.js';
import { SYSTEM_ACTOR_ID, type EditorialContext } from '../../src/editorial/editorial-context.js';
import { endLiveCoverage, postLiveEntry, startLiveCoverage } from '../../src/live/live-coverage.js';
import { liveFeed } from '../../src/live/live-feed.js';
import { readSiteBasics } from '../../src/site/site-basics.js';
import { findPublishedId } from '../../src/store/stories/published-stories.js';
import { openEventStream, type EventStreamReader, type StreamEvent } from '../helpers/event-stream.js';
import { startInProcessApp, type InProcessApp } from '../helpers/in-process-app.js';
import { referenceBundle } from '../helpers/server.js';

// GET /{slug}/live/stream over a real socket, the app in this process on SQLite: entries
// pushed to every open stream, catch-up by Last-Event-ID, the headers that keep caches
// and proxies out, streams that outlive the request deadline and are not counted by the
// overload guard, the per-process cap, the end of coverage, and shutdown.

const ADMIN = { id: SYSTEM_ACTOR_ID, role: 'admin' as const };
const LIVE_SLUG = 'walk-away-talks';
const ENDING_SLUG = 'senate-aid-vote';
/** Short deadlines, so "outlives the request timeout" is seconds, not a minute. */
const TIMEOUTS = { headersTimeoutMs: 500, requestTimeoutMs: 500, keepAliveTimeoutMs: 1000 };

const entriesOf = (event: StreamEvent) => (JSON.parse(event.data) as { entries: Array<{ id: number; html: string }> }).entries;
const isEntry = (id: number) => (event: StreamEvent) => event.event === 'entries' && entriesOf(event).some((entry) => entry.id === id);

describe('the live coverage stream', () => {
  let site: InProcessApp;
  let origin: string;
  let ctx: EditorialContext;
  let storyId: number;
  let endingId: number;
  const open: EventStreamReader[] = [];

  const stream = async (slug: string, query = '', headers: Record<string, string> = {}) => {
    const reader = await openEventStream(`${origin}/${slug}/live/stream${query}`, headers);
    open.push(reader);
    return reader;
  };
  const cursorNow = async (id: number) => {
    const { publication } = await readSiteBasics(site.store.db, 'http://127.0.0.1');
    return (await liveFeed(site.store.db, publication, id))!.cursor;
  };
  const post = (id: number, text: string) => postLiveEntry(ctx, ADMIN, id, { body: text }, new Date());

  beforeAll(async () => {
    site = await startInProcessApp({
      bundle: referenceBundle,
      app: { maxInFlight: 2, httpTimeouts: TIMEOUTS, liveStreamMaxConnections: 4, liveStreamHeartbeatMs: 200 },
    });
    origin = await site.app.listen({ port: 0, host: '127.0.0.1' });
    ctx = { db: site.store.db, dialect: site.store.dialect, events: storyEventSink('http://127.0.0.1') };
    const now = new Date().toISOString();
    storyId = (await findPublishedId(site.store.db, LIVE_SLUG, now))!;
    endingId = (await findPublishedId(site.store.db, ENDING_SLUG, now))!;
    for (const id of [storyId, endingId]) await startLiveCoverage(ctx, ADMIN, id, new Date());
    await post(storyId, 'Talks resume at dawn.');
  });
  afterAll(async () => {
    for (const reader of open) reader.close();
    await site?.close();
  });

  it('pushes a new entry to every open stream, with its cursor as the event id, never cached and never buffered', async () => {
    const since = await cursorNow(storyId);
    const readers = [await stream(LIVE_SLUG, `?since=${since}`), await stream(LIVE_SLUG, `?since=${since}`)];
    for (const reader of readers) {
      expect(reader.status).toBe(200);
      expect(reader.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(reader.headers['cache-control']).toBe('no-store');
      expect(reader.headers['x-accel-buffering']).toBe('no');
      expect(reader.headers['x-content-type-options']).toBe('nosniff');
    }
    await readers[0]!.next(() => false, 300).catch(() => undefined);
    expect(readers[0]!.events, 'nothing is sent to a reader who is up to date').toEqual([]);

    const entryId = await post(storyId, 'The delegations **leave** Geneva.');

    const received = await Promise.all(readers.map((reader) => reader.next(isEntry(entryId))));
    expect(received[1]).toEqual(received[0]);
    expect(Number(received[0]!.id)).toBeGreaterThan(Number(since));
    expect(received[0]!.id).toBe(await cursorNow(storyId));
    const [entry] = entriesOf(received[0]!);
    expect(entry!.html).toMatch(new RegExp(`^<li id="entry-${entryId}"`));
    expect(entry!.html).toContain('<strong>leave</strong>');
    for (const reader of readers) reader.close();
  });

  it('sends a reconnecting reader what it missed since its Last-Event-ID, before anything new', async () => {
    const before = await cursorNow(storyId);
    const missed = await post(storyId, 'Missed while the train was in a tunnel.');
    const reader = await stream(LIVE_SLUG, '?since=0', { 'last-event-id': before });
    const first = await reader.next((event) => event.event === 'entries');
    expect(entriesOf(first).map((entry) => entry.id)).toEqual([missed]);
    expect(first.id).toBe(await cursorNow(storyId));
    reader.close();
  });

  it('keeps streams open past the request deadline, with heartbeats, and does not count them as requests in flight', async () => {
    // Two streams fill OVERLOAD_MAX_IN_FLIGHT=2 if they are counted: every page would then be shed.
    const since = await cursorNow(storyId);
    const readers = [await stream(LIVE_SLUG, `?since=${since}`), await stream(LIVE_SLUG, `?since=${since}`)];
    const page = await fetch(`${origin}/latest`);
    expect(page.status).toBe(200);

    // Past the whole-request deadline (0.5 s, checked every 250 ms) the streams still carry entries.
    await new Promise((resolve) => setTimeout(resolve, TIMEOUTS.requestTimeoutMs + 600));
    const later = await post(storyId, 'Still following.');
    for (const reader of readers) {
      await reader.next(isEntry(later));
      expect(reader.ended).toBe(false);
      expect(reader.comments, 'heartbeats arrive while nothing happens').toBeGreaterThan(2);
    }
    for (const reader of readers) reader.close();
  });

  it('refuses readers past the per-process cap with 503 and Retry-After, and takes them again once others leave', async () => {
    const since = await cursorNow(storyId);
    const readers = [];
    for (let i = 0; i < 4; i++) readers.push(await stream(LIVE_SLUG, `?since=${since}`));
    expect(readers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const refused = await stream(LIVE_SLUG, `?since=${since}`);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.headers['cache-control']).toBe('no-store');

    readers[0]!.close();
    await readers[0]!.untilEnded();
    let status = 503;
    for (let attempt = 0; attempt < 50 && status === 503; attempt++) {
      const again = await stream(LIVE_SLUG, `?since=${since}`);
      status = again.status;
      if (status === 503) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(200);
    for (const reader of open) reader.close();
  });

  it('answers a malformed cursor with 400, a story without coverage with 404, and changes nothing', async () => {
    const bad = await stream(LIVE_SLUG, '?since=12abc');
    expect(bad.status).toBe(400);
    expect((await stream(LIVE_SLUG, '', { 'last-event-id': 'x' })).status).toBe(400);
    expect((await stream('no-such-story')).status).toBe(404);
    expect((await stream('border-crossings-reopen')).status).toBe(404);
    const good = await stream(LIVE_SLUG);
    expect(good.status).toBe(200);
    good.close();
  });

  it('tells readers when coverage ends, closes their streams, and answers 204 afterwards so browsers stop reconnecting', async () => {
    const reader = await stream(ENDING_SLUG, `?since=${await cursorNow(endingId)}`);
    expect(reader.status).toBe(200);
    await endLiveCoverage(ctx, ADMIN, endingId, new Date());
    await reader.next((event) => event.event === 'ended');
    await reader.untilEnded();
    expect((await stream(ENDING_SLUG)).status).toBe(204);
  });

  it('ends every open stream on shutdown, so the server can stop', async () => {
    const reader = await stream(LIVE_SLUG, `?since=${await cursorNow(storyId)}`);
    expect(reader.status).toBe(200);
    // Bounded: without the hub's shutdown hook the server would wait on the stream for ever.
    await Promise.race([
      site.app.close(),
      new Promise((_resolve, reject) => setTimeout(() => reject(new Error('the server did not stop within 5 s')), 5_000)),
    ]);
    await reader.untilEnded();
  });
});
