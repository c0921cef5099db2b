import type { Changes } from '../store/publication/content-changes.js';

// One process's fan-out of live coverage to its Server-Sent Events readers. Readers of a
// story share one state: when the content follower reports a change to `story:{id}`, the
// hub reads the entries after the story's cursor ONCE and writes the same bytes to every
// reader of that story. Another process's write reaches this hub through the same
// follower (PostgreSQL NOTIFY, SQLite's polled data_version), so nothing else crosses
// processes. A reader who arrives with an older cursor (a cached page, a reconnect's
// Last-Event-ID) first gets what it missed; readers arriving with the same cursor share
// that read too.

/**
 * What the hub needs of a feed (live/live-feed.ts's LiveFeed): whether coverage goes on,
 * the entries after a cursor, and the cursor after them. The feed itself is sent as is.
 */
export interface LiveFeed {
  story: { live: boolean };
  entries: readonly unknown[];
  cursor: string;
}

/** Where a reader's events go: the response, written raw (one socket, no buffering in between). */
export interface LiveSubscriber {
  write(chunk: Buffer): unknown;
  end(): void;
  /** Bytes queued and not yet taken by the socket: a reader that stops reading is dropped. */
  readonly writableLength: number;
}

export type LoadLiveFeed = (storyId: number, since: string | undefined) => Promise<LiveFeed | null>;

export interface LiveHubOptions {
  load: LoadLiveFeed;
  /** Readers this process holds at most; past it new ones are refused (503). */
  maxConnections: number;
  /** How often an idle stream gets a comment line, so proxies and browsers keep it open. */
  heartbeatMs?: number;
  log?: { warn(object: unknown, message: string): void };
}

export type SubscribeResult =
  | { status: 'open'; close(): void }
  | { status: 'full' }
  | { status: 'not-found' }
  /** Coverage has ended: the page is a record now, nothing more will come. */
  | { status: 'ended' };

/** Readers one process holds by default (LIVE_STREAM_MAX_CONNECTIONS; the config reads it from here, free of Fastify). */
export const LIVE_STREAM_DEFAULT_MAX_CONNECTIONS = 10_000;
/** Queued bytes past which a reader is too slow to keep (a few dozen events). */
const MAX_QUEUED_BYTES = 1024 * 1024;
/** Distinct catch-up reads kept between two changes (each is one query, shared by readers with that cursor). */
const MAX_CATCH_UPS = 64;
export const HEARTBEAT_MS = 25_000;
/** The browser's reconnect delay after a dropped stream (the SSE `retry:` field). */
const RETRY_MS = 5_000;

const HEARTBEAT = Buffer.from(':\n\n');
const OPENING = Buffer.from(`retry: ${RETRY_MS}\n:\n\n`);
const ENDED = Buffer.from('event: ended\ndata: {}\n\n');

/** One SSE message: the feed's cursor as its id (what Last-Event-ID returns), the feed as its data. */
export function entriesEvent(feed: LiveFeed): Buffer {
  // JSON.stringify never emits a raw newline, so the data is one `data:` line.
  return Buffer.from(`id: ${feed.cursor}\nevent: entries\ndata: ${JSON.stringify(feed)}\n\n`);
}

interface StoryState {
  storyId: number;
  readers: Set<LiveSubscriber>;
  /** Readers waiting for the story's first read: the state must outlive them. */
  pending: number;
  /** Where the last shared read ended; null until the first read, or if there is no such live story. */
  cursor: string | null;
  /** Coverage has ended (as of the last read). */
  ended: boolean;
  ready: Promise<void>;
  reading: boolean;
  again: boolean;
  /** Catch-ups by the cursor they start from, valid until the next change. */
  catchUps: Map<string, Promise<LiveFeed | null>>;
}

const storyIdsOf = (changes: Changes, known: Iterable<number>): number[] => {
  if (changes.kind === 'all') return [...known];
  const ids = new Set<number>();
  for (const change of changes.changes)
    for (const key of change.keys) {
      const match = /^story:(\d+)$/.exec(key);
      if (match) ids.add(Number(match[1]));
    }
  return [...ids];
};

export class LiveHub {
  readonly #options: LiveHubOptions;
  readonly #stories = new Map<number, StoryState>();
  #connections = 0;
  #heartbeat: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(options: LiveHubOptions) {
    this.#options = options;
  }

  /** Readers connected now (and being connected). */
  get connections(): number {
    return this.#connections;
  }

  /**
   * Adds a reader of a story. `since` is the cursor the reader's page (or its last event)
   * ended at: what came after it is written first. The caller has already written the
   * response head; on anything but 'open' it answers with a status instead.
   */
  async subscribe(storyId: number, since: string | undefined, reader: LiveSubscriber): Promise<SubscribeResult> {
    if (this.#closed || this.#connections >= this.#options.maxConnections) return { status: 'full' };
    this.#connections++;
    let counted = true;
    const release = () => {
      if (counted) this.#connections--;
      counted = false;
    };
    try {
      const state = this.#stateOf(storyId);
      state.pending++;
      try {
        await state.ready;
      } finally {
        state.pending--;
      }
      // Joined before the catch-up read: a change committed after that read reaches this
      // reader through the next broadcast; one before it is in the catch-up.
      const catchUp = since === undefined || since === state.cursor ? null : await this.#catchUp(state, since);
      if (catchUp === null && state.cursor === null) {
        release();
        this.#forgetIfIdle(state);
        return { status: 'not-found' };
      }
      if (catchUp ? !catchUp.story.live : state.ended) {
        release();
        this.#forgetIfIdle(state);
        return { status: 'ended' };
      }
      if (this.#closed) {
        release();
        return { status: 'full' };
      }
      state.readers.add(reader);
      reader.write(OPENING);
      if (catchUp && catchUp.entries.length) reader.write(entriesEvent(catchUp));
      this.#startHeartbeat();
      return {
        status: 'open',
        close: () => {
          if (!state.readers.delete(reader)) return;
          release();
          this.#forgetIfIdle(state);
        },
      };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** The follower's listener: each changed story with readers is read once and broadcast. */
  onChanges(changes: Changes): void {
    for (const storyId of storyIdsOf(changes, this.#stories.keys())) {
      const state = this.#stories.get(storyId);
      if (state) void this.#broadcast(state);
    }
  }

  /** Ends every stream (graceful shutdown: the browsers reconnect to another process). */
  close(): void {
    this.#closed = true;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    for (const state of this.#stories.values()) {
      for (const reader of state.readers) reader.end();
      this.#connections -= state.readers.size;
      state.readers.clear();
    }
    this.#stories.clear();
  }

  #stateOf(storyId: number): StoryState {
    const known = this.#stories.get(storyId);
    if (known) return known;
    const state: StoryState = {
      storyId,
      readers: new Set(),
      pending: 0,
      cursor: null,
      ended: false,
      reading: false,
      again: false,
      catchUps: new Map(),
      ready: Promise.resolve(),
    };
    this.#stories.set(storyId, state);
    // Where the shared reads start comes from the story itself, never from a reader's
    // cursor: one from the future (made up, or from another site) would hold back every
    // reader of the story.
    state.ready = this.#options.load(storyId, undefined).then(
      (feed) => {
        if (!feed) return;
        state.cursor = feed.cursor;
        state.ended = !feed.story.live;
      },
      (error: unknown) => {
        this.#stories.delete(storyId);
        throw error;
      },
    );
    return state;
  }

  #catchUp(state: StoryState, since: string): Promise<LiveFeed | null> {
    let read = state.catchUps.get(since);
    if (!read) {
      if (state.catchUps.size >= MAX_CATCH_UPS) state.catchUps.clear();
      read = this.#options.load(state.storyId, since);
      state.catchUps.set(since, read);
      read.catch(() => state.catchUps.delete(since));
    }
    return read;
  }

  /** One read at a time per story; a change during a read asks for one more. */
  async #broadcast(state: StoryState): Promise<void> {
    if (state.reading) {
      state.again = true;
      return;
    }
    state.reading = true;
    try {
      await state.ready.catch(() => undefined);
      do {
        state.again = false;
        state.catchUps.clear();
        if (state.cursor === null) break;
        const feed = await this.#options.load(state.storyId, state.cursor);
        if (this.#stories.get(state.storyId) !== state) return;
        if (!feed) {
          this.#endStory(state, null);
          return;
        }
        state.cursor = feed.cursor;
        if (feed.entries.length) this.#send(state, entriesEvent(feed));
        if (!feed.story.live) {
          this.#endStory(state, ENDED);
          return;
        }
      } while (state.again);
    } catch (error) {
      this.#options.log?.warn({ err: error, storyId: state.storyId }, 'cannot read live entries for the stream');
    } finally {
      state.reading = false;
      this.#forgetIfIdle(state);
    }
  }

  #send(state: StoryState, bytes: Buffer): void {
    for (const reader of state.readers) {
      if (reader.writableLength > MAX_QUEUED_BYTES) {
        // A reader that stopped reading: its browser reconnects and catches up by cursor.
        state.readers.delete(reader);
        this.#connections--;
        reader.end();
        continue;
      }
      reader.write(bytes);
    }
  }

  /** Coverage ended (or the story is gone): readers are told, and the streams close. */
  #endStory(state: StoryState, last: Buffer | null): void {
    for (const reader of state.readers) {
      if (last) reader.write(last);
      reader.end();
    }
    this.#connections -= state.readers.size;
    state.readers.clear();
    this.#stories.delete(state.storyId);
  }

  #forgetIfIdle(state: StoryState): void {
    if (state.readers.size === 0 && state.pending === 0 && !state.reading && this.#stories.get(state.storyId) === state)
      this.#stories.delete(state.storyId);
    if (this.#connections === 0 && this.#heartbeat) {
      clearInterval(this.#heartbeat);
      this.#heartbeat = null;
    }
  }

  #startHeartbeat(): void {
    if (this.#heartbeat) return;
    this.#heartbeat = setInterval(() => {
      for (const state of this.#stories.values()) this.#send(state, HEARTBEAT);
    }, this.#options.heartbeatMs ?? HEARTBEAT_MS);
    this.#heartbeat.unref();
  }
}
