import type { StoryRecord } from '../store/story-repository.js';
import type { Db } from '../store/store.js';

// What else happens, in the same transaction, when a story moves: jobs for scheduled
// publishing and unpublishing, and webhook deliveries. The sink is given by main.ts so
// editorial/ does not depend on the jobs and webhooks modules' wiring.

export interface StoryEventSink {
  published(trx: Db, story: StoryRecord, at: string): Promise<void>;
  updated(trx: Db, story: StoryRecord, at: string): Promise<void>;
  unpublished(trx: Db, story: StoryRecord, at: string): Promise<void>;
  scheduled(trx: Db, story: StoryRecord, publishAt: string): Promise<void>;
  unscheduled(trx: Db, story: StoryRecord): Promise<void>;
  unpublishScheduled(trx: Db, story: StoryRecord, unpublishAt: string): Promise<void>;
}

const NO_EVENTS: StoryEventSink = {
  published: async () => undefined,
  updated: async () => undefined,
  unpublished: async () => undefined,
  scheduled: async () => undefined,
  unscheduled: async () => undefined,
  unpublishScheduled: async () => undefined,
};

export function storyEvents(ctx: { events?: StoryEventSink }): StoryEventSink {
  return ctx.events ?? NO_EVENTS;
}
