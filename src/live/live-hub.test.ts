import { describe, expect, it } from 'vitest';
import type { Changes } from '../store/publication/content-changes.js';
import { LiveHub, type LiveFeed, type LiveSubscriber } from './live-hub.js';

// The hub's promises, with a feed made in memory: one read per change whatever the number
// of readers, the same bytes to each, catch-up by cursor, the connection cap, the end of
// coverage and shutdown. The real stream over a socket is test/inject/live-stream.test.ts.

interface Entry {
  id: number;
  at: number;
}

/** A story's entries in memory; the cursor is the number of the last write. */
function memoryFeed() {
  const stories = new Map<number, { live: boolean; entries: Entry[]; writes: number }>();
  const reads: Array<{ storyId: number; since: string | undefined }> = [];
  const load = async (storyId: number, since: string | undefined): Promise<LiveFeed | null> => {
    reads.push({ storyId, since });
    await Promise.resolve();
    const story = stories.get(storyId);
    if (!story) return null;
    const after = since === undefined ? 0 : Number(since);
    // As live-feed.ts: the cursor is what was sent, never behind the one asked from.
    return {
      story: { live: story.live },
      entries: story.entries.filter((e) => e.at > after),
      cursor: String(Math.max(after, story.writes)),
    };
  };
  const post = (storyId: number, id: number) => {
    const story = stories.get(storyId)!;
    story.writes++;
    story.entries.push({ id, at: story.writes });
  };
  return { stories, reads, load, post };
}

class Reader implements LiveSubscriber {
  chunks: Buffer[] = [];
  ended = false;
  writableLength = 0;
  write(chunk: Buffer) {
    this.chunks.push(chunk);
  }
  end() {
    this.ended = true;
  }
  get text() {
    return Buffer.concat(this.chunks).toString();
  }
  /** The `entries` events received, parsed. */
  get events() {
    return [...this.text.matchAll(/id: (.*)\nevent: entries\ndata: (.*)\n\n/g)].map((m) => ({
      id: m[1],
      feed: JSON.parse(m[2]!) as { entries: Entry[] },
    }));
  }
}

const changed = (...keys: string[]): Changes => ({ kind: 'some', changes: [{ version: 1, keys }] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

function setUp(options: { maxConnections?: number; heartbeatMs?: number } = {}) {
  const feed = memoryFeed();
  feed.stories.set(7, { live: true, entries: [], writes: 0 });
  feed.post(7, 1);
  feed.post(7, 2);
  const hub = new LiveHub({ load: feed.load, maxConnections: options.maxConnections ?? 100, heartbeatMs: options.heartbeatMs });
  return { feed, hub };
}

describe('LiveHub', () => {
  it('reads a changed story once and writes the same bytes to every reader', async () => {
    const { feed, hub } = setUp();
    const readers = [new Reader(), new Reader(), new Reader()];
    for (const reader of readers) expect((await hub.subscribe(7, '2', reader)).status).toBe('open');
    feed.reads.length = 0;

    feed.post(7, 3);
    hub.onChanges(changed('story:7', 'search'));
    await settle();

    expect(feed.reads).toEqual([{ storyId: 7, since: '2' }]);
    const sent = readers.map((r) => r.chunks.at(-1)!);
    expect(sent[1]).toBe(sent[0]);
    expect(sent[2]).toBe(sent[0]);
    expect(readers[0]!.events).toEqual([{ id: '3', feed: { story: { live: true }, entries: [{ id: 3, at: 3 }], cursor: '3' } }]);
    hub.close();
  });

  it('leaves readers of other stories alone, and reads nothing for a change to a story nobody follows', async () => {
    const { feed, hub } = setUp();
    const reader = new Reader();
    await hub.subscribe(7, '2', reader);
    feed.reads.length = 0;
    hub.onChanges(changed('story:8', 'card:8', 'list:all'));
    await settle();
    expect(feed.reads).toEqual([]);
    expect(reader.events).toEqual([]);
    hub.close();
  });

  it('sends a reader what came after its cursor first, one read for all readers with that cursor', async () => {
    const { feed, hub } = setUp();
    const first = new Reader();
    const second = new Reader();
    await hub.subscribe(7, '2', new Reader());
    feed.reads.length = 0;
    await Promise.all([hub.subscribe(7, '1', first), hub.subscribe(7, '1', second)]);
    expect(feed.reads.filter((r) => r.since === '1')).toHaveLength(1);
    expect(first.events.map((e) => e.feed.entries.map((entry) => entry.id))).toEqual([[2]]);
    expect(first.events[0]!.id).toBe('2');
    expect(second.text).toBe(first.text);

    // A reader already at the hub's cursor costs no read and gets no catch-up.
    feed.reads.length = 0;
    const current = new Reader();
    await hub.subscribe(7, '2', current);
    expect(feed.reads).toEqual([]);
    expect(current.events).toEqual([]);
    hub.close();
  });

  it('starts the shared reads from the story, so a reader with a cursor from the future holds back nobody', async () => {
    const { feed, hub } = setUp();
    const forger = new Reader();
    const reader = new Reader();
    await hub.subscribe(7, '999999', forger);
    await hub.subscribe(7, '2', reader);
    feed.post(7, 3);
    hub.onChanges(changed('story:7'));
    await settle();
    expect(reader.events.map((e) => e.id)).toEqual(['3']);
    hub.close();
  });

  it('refuses readers past the cap and makes room as they leave', async () => {
    const { hub } = setUp({ maxConnections: 2 });
    const a = await hub.subscribe(7, '2', new Reader());
    await hub.subscribe(7, '2', new Reader());
    expect((await hub.subscribe(7, '2', new Reader())).status).toBe('full');
    expect(hub.connections).toBe(2);
    if (a.status === 'open') a.close();
    expect(hub.connections).toBe(1);
    expect((await hub.subscribe(7, '2', new Reader())).status).toBe('open');
    hub.close();
    expect(hub.connections).toBe(0);
  });

  it('answers not-found for a story with no live feed, and ended for coverage that is over, holding no connection', async () => {
    const { feed, hub } = setUp();
    expect((await hub.subscribe(99, undefined, new Reader())).status).toBe('not-found');
    feed.stories.set(8, { live: false, entries: [], writes: 1 });
    expect((await hub.subscribe(8, undefined, new Reader())).status).toBe('ended');
    expect(hub.connections).toBe(0);
    hub.close();
  });

  it('tells readers when coverage ends, after its last entries, and closes their streams', async () => {
    const { feed, hub } = setUp();
    const reader = new Reader();
    await hub.subscribe(7, '2', reader);
    feed.post(7, 3);
    feed.stories.get(7)!.live = false;
    hub.onChanges(changed('story:7'));
    await settle();
    expect(reader.events.map((e) => e.id)).toEqual(['3']);
    expect(reader.text).toMatch(/event: ended\n/);
    expect(reader.ended).toBe(true);
    expect(hub.connections).toBe(0);
    hub.close();
  });

  it('reads again when a change arrives during a read, so no entry waits for the next change', async () => {
    const { feed, hub } = setUp();
    const reader = new Reader();
    await hub.subscribe(7, '2', reader);
    feed.post(7, 3);
    hub.onChanges(changed('story:7'));
    feed.post(7, 4);
    hub.onChanges(changed('story:7'));
    await settle();
    expect(reader.events.flatMap((e) => e.feed.entries.map((entry) => entry.id)).sort()).toEqual([3, 4]);
    hub.close();
  });

  it('drops a reader who stopped reading and keeps serving the others', async () => {
    const { feed, hub } = setUp();
    const stuck = new Reader();
    const reading = new Reader();
    await hub.subscribe(7, '2', stuck);
    await hub.subscribe(7, '2', reading);
    stuck.writableLength = 2 * 1024 * 1024;
    feed.post(7, 3);
    hub.onChanges(changed('story:7'));
    await settle();
    expect(stuck.ended).toBe(true);
    expect(reading.events).toHaveLength(1);
    expect(hub.connections).toBe(1);
    hub.close();
  });

  it('sends heartbeats while readers are connected, and ends every stream on close', async () => {
    const { hub } = setUp({ heartbeatMs: 5 });
    const reader = new Reader();
    await hub.subscribe(7, '2', reader);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(reader.text.split(':\n\n').length).toBeGreaterThan(2);
    hub.close();
    expect(reader.ended).toBe(true);
    expect((await hub.subscribe(7, '2', new Reader())).status).toBe('full');
  });

  it('reads every followed story when the follower fell behind the log', async () => {
    const { feed, hub } = setUp();
    const reader = new Reader();
    await hub.subscribe(7, '2', reader);
    feed.post(7, 3);
    hub.onChanges({ kind: 'all', version: 10 });
    await settle();
    expect(reader.events.map((e) => e.id)).toEqual(['3']);
    hub.close();
  });
});
