import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.js';
import type { JobKind } from '../jobs/job-kinds.js';
import { PermanentJobError, type JobHandler } from '../jobs/worker.js';
import { checkTarget, OutboundError, type OutboundPolicy, type SafeFetch } from '../net/safe-fetch.js';
import { enqueueJob } from '../store/jobs/job-repository.js';
import type { Tables } from '../store/schema.js';
import { createWebhook, webhooksSubscribedTo, webhookTarget } from '../store/jobs/webhook-repository.js';
import { signWebhook } from './webhook-signature.js';

// Webhooks tell other systems that a story was published, updated or unpublished.
// enqueueWebhookEvent runs inside the caller's transaction, so the story change and its
// deliveries commit together; each delivery is one `webhook.deliver` job, retried with
// the queue's backoff until the receiver answers 2xx.

export const WEBHOOK_EVENTS = ['article.published', 'article.updated', 'article.unpublished'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_DELIVER = 'webhook.deliver' satisfies JobKind;

/** Retries over about 40 minutes with the default backoff (10 s doubling, jittered). */
const DELIVERY_ATTEMPTS = 8;

export class WebhookInputError extends Error {
  constructor(
    readonly code: 'WEBHOOK_URL_REFUSED' | 'WEBHOOK_EVENTS_INVALID',
    message: string,
  ) {
    super(message);
  }
}

const EventsSchema = z.array(z.enum(WEBHOOK_EVENTS)).min(1);

/**
 * Validates and stores a webhook; returns the secret, to be shown once. The URL must be
 * one the outbound fetcher would call (http/https, port 80/443, not an IP literal in a
 * private range); names are checked again at each delivery, when they are resolved.
 */
export async function registerWebhook(
  db: Kysely<Tables>,
  input: { url: string; events: unknown },
  policy: OutboundPolicy,
): Promise<{ id: number; secret: string }> {
  let url: URL;
  try {
    url = new URL(input.url);
    checkTarget(policy, url);
  } catch (error) {
    throw new WebhookInputError(
      'WEBHOOK_URL_REFUSED',
      error instanceof OutboundError ? error.message : 'url must be an absolute http or https URL',
    );
  }
  // Credentials in the URL would be stored and listed in clear, and sent to whoever the
  // host turns out to be; the signature is how a receiver knows us.
  if (url.username || url.password)
    throw new WebhookInputError(
      'WEBHOOK_URL_REFUSED',
      'url must not carry a user name or password (user:password@); receivers check the signature',
    );
  const events = EventsSchema.safeParse(input.events);
  if (!events.success)
    throw new WebhookInputError('WEBHOOK_EVENTS_INVALID', `events must list one or more of ${WEBHOOK_EVENTS.join(', ')}`);
  const created = await createWebhook(db, { url: url.toString(), events: [...new Set(events.data)] });
  await recordAudit(db, {
    action: 'webhook.created',
    target: { kind: 'webhook', id: created.id, label: url.toString() },
    detail: { events: events.data },
  });
  return created;
}

/** Enqueues one delivery per active webhook subscribed to `event`; call inside the write's transaction. */
export async function enqueueWebhookEvent(db: Kysely<Tables>, event: WebhookEvent, data: unknown, now = new Date()): Promise<number[]> {
  const ids: number[] = [];
  for (const webhookId of await webhooksSubscribedTo(db, event)) {
    ids.push(
      await enqueueJob(
        db,
        {
          kind: WEBHOOK_DELIVER,
          payload: { webhook_id: webhookId, event, occurred_at: now.toISOString(), data },
          runAt: now,
          maxAttempts: DELIVERY_ATTEMPTS,
        },
        now,
      ),
    );
  }
  return ids;
}

const DeliverySchema = z
  .object({
    webhook_id: z.number().int().positive(),
    event: z.enum(WEBHOOK_EVENTS),
    occurred_at: z.string(),
    data: z.unknown(),
  })
  .strict();

/** Failures that no retry can fix: the URL itself is not allowed. */
const PERMANENT = new Set(['OUTBOUND_URL_INVALID', 'OUTBOUND_SCHEME_REFUSED', 'OUTBOUND_PORT_REFUSED']);

/** The `webhook.deliver` job handler. */
export function webhookDeliveryHandler(deps: { db: Kysely<Tables>; fetch: SafeFetch; timeoutMs?: number }): JobHandler {
  return async (payload, context) => {
    const parsed = DeliverySchema.safeParse(payload);
    if (!parsed.success) throw new PermanentJobError(`invalid webhook delivery payload: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    const { webhook_id: webhookId, event, occurred_at: occurredAt, data } = parsed.data;
    const target = await webhookTarget(deps.db, webhookId);
    // Deleted or paused since the event: nothing to deliver.
    if (!target?.active) return;
    const body = JSON.stringify({ event, occurred_at: occurredAt, data });
    const timestamp = String(Math.floor(Date.now() / 1000));
    let status: number;
    try {
      const response = await deps.fetch(target.url, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Masthead-Webhooks',
          'x-masthead-event': event,
          'x-masthead-delivery': String(context.jobId),
          'x-masthead-timestamp': timestamp,
          'x-masthead-signature': signWebhook(target.secret, timestamp, body),
        },
        timeoutMs: deps.timeoutMs ?? 10_000,
        maxBytes: 64 * 1024,
        // A signed POST is not re-sent to wherever a redirect points.
        maxRedirects: 0,
        signal: context.signal,
      });
      status = response.status;
    } catch (error) {
      if (error instanceof OutboundError && PERMANENT.has(error.code)) throw new PermanentJobError(error.message);
      throw error;
    }
    if (status < 200 || status > 299) throw new Error(`the receiver answered ${status}`);
  };
}
