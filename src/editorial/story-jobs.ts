import { z } from 'zod';
import { PermanentJobError, type JobHandler } from '../jobs/worker.js';
import type { EditorialContext } from './editorial-context.js';
import { publishScheduled, unpublishScheduled } from './scheduled-moves.js';

// The job handlers behind scheduled publishing and take-downs. Each runs the conditional
// move in scheduled-moves.ts, which does nothing when the story is no longer due at
// that time, so a job run twice (after a crashed worker's lease runs out) publishes once.

const Payload = z.object({ article_id: z.number().int().positive(), at: z.string().datetime() }).strict();

function parse(payload: unknown) {
  const parsed = Payload.safeParse(payload);
  if (!parsed.success) throw new PermanentJobError(`bad scheduled-story payload: ${parsed.error.message}`);
  return parsed.data;
}

export function storyJobHandlers(ctx: EditorialContext): { 'article.publish': JobHandler; 'article.unpublish': JobHandler } {
  return {
    'article.publish': async (payload) => {
      const { article_id, at } = parse(payload);
      await publishScheduled(ctx, article_id, at, new Date());
    },
    'article.unpublish': async (payload) => {
      const { article_id, at } = parse(payload);
      await unpublishScheduled(ctx, article_id, at, new Date());
    },
  };
}
