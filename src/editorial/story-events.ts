import { cancelJobs, rescheduleJob } from '../store/jobs/job-repository.js';
import type { StoryRecord } from '../store/stories/story-repository.js';
import type { Db } from '../store/store.js';
import { enqueueWebhookEvent, type WebhookEvent } from '../webhooks/webhooks.js';

// What else happens, in the same transaction, when a story moves: the durable jobs that
// publish and unpublish it at their minute, and the webhook deliveries. Because they are
// written with the move, a move that rolls back leaves no job behind, and a job cannot be
// lost between the move and its enqueue.

export interface StoryEventSink {
  published(trx: Db, story: StoryRecord, at: string): Promise<void>;
  updated(trx: Db, story: StoryRecord, at: string): Promise<void>;
  unpublished(trx: Db, story: StoryRecord, at: string): Promise<void>;
  /** A publish time set (or moved), or null to clear it. */
  publishAt(trx: Db, story: StoryRecord, at: string | null): Promise<void>;
  /** A take-down time set (or moved), or null to clear it. */
  unpublishAt(trx: Db, story: StoryRecord, at: string | null): Promise<void>;
}

export const publishJobKey = (id: number) => `publish:article:${id}`;
export const unpublishJobKey = (id: number) => `unpublish:article:${id}`;

export function storyEventSink(siteUrl: string): StoryEventSink {
  const webhook = (event: WebhookEvent) => async (trx: Db, story: StoryRecord, at: string) => {
    await enqueueWebhookEvent(trx, event, {
      id: story.id,
      slug: story.slug,
      title: story.title,
      url: `${siteUrl}/${story.slug}`,
      stage: story.stage,
      published_at: story.published_at,
      updated_at: story.updated_at,
      occurred_at: at,
    });
  };
  const timed =
    (kind: 'article.publish' | 'article.unpublish', key: (id: number) => string) =>
    async (trx: Db, story: StoryRecord, at: string | null) => {
      if (at === null) {
        await cancelJobs(trx, key(story.id));
        return;
      }
      await rescheduleJob(trx, { kind, dedupeKey: key(story.id), runAt: new Date(at), payload: { article_id: story.id, at } });
    };
  return {
    published: webhook('article.published'),
    updated: webhook('article.updated'),
    unpublished: webhook('article.unpublished'),
    publishAt: timed('article.publish', publishJobKey),
    unpublishAt: timed('article.unpublish', unpublishJobKey),
  };
}
