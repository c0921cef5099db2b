import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { checkSubscriberAddress } from '../content/subscriber-address.js';
import { applyMailEvents } from '../newsletter/bounces/mail-events.js';
import type { MailEvent } from '../newsletter/bounces/delivery-report.js';
import type { Db } from '../store/store.js';
import { verifyWebhookSignature } from '../webhooks/webhook-signature.js';

// POST /newsletter/events: a mail provider reports bounces and complaints. The request
// is signed like Masthead's own webhooks (X-Masthead-Timestamp, X-Masthead-Signature:
// "sha256=" + hex HMAC-SHA256 of "timestamp.body" under NEWSLETTER_EVENTS_SECRET), and
// a timestamp more than five minutes away is refused, so a captured request cannot be
// replayed later. Without the secret configured the endpoint does not exist.

const MAX_SKEW_MS = 5 * 60_000;

const Event = z
  .object({
    type: z.enum(['bounce', 'complaint']),
    email: z.string().max(320),
    message_id: z.string().max(300).optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();
const Body = z.object({ events: z.array(Event).min(1).max(1000) }).strict();

function refuse(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply
    .code(status)
    .header('Cache-Control', 'no-store')
    .send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export async function registerMailEventRoutes(app: FastifyInstance, deps: { db: Db; secret: string | null }): Promise<void> {
  const secret = deps.secret;
  if (!secret) return;
  await app.register(async (scope) => {
    // The signature covers the exact bytes, so the body is kept as text and parsed here.
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 512 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.post('/newsletter/events', async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const timestamp = String(request.headers['x-masthead-timestamp'] ?? '');
      const signature = String(request.headers['x-masthead-signature'] ?? '');
      if (!/^\d{10,13}$/.test(timestamp) || !verifyWebhookSignature({ secret, timestamp, body, signature })) {
        return refuse(reply, 401, 'BAD_SIGNATURE', 'The signature does not match this request.');
      }
      const sentAt = timestamp.length > 10 ? Number(timestamp) : Number(timestamp) * 1000;
      if (Math.abs(Date.now() - sentAt) > MAX_SKEW_MS)
        return refuse(reply, 401, 'STALE', 'The timestamp is more than five minutes away from now.');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return refuse(reply, 400, 'INVALID', 'The body is not valid JSON.');
      }
      const parsed = Body.safeParse(json);
      if (!parsed.success) {
        const details = parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
        return refuse(reply, 400, 'INVALID', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
      }
      const events: MailEvent[] = [];
      for (const [index, event] of parsed.data.events.entries()) {
        const address = checkSubscriberAddress(event.email);
        if (!address.ok)
          return refuse(reply, 400, 'INVALID', `events.${index}.email: ${address.reason}`, [
            { field: `events.${index}.email`, message: address.reason },
          ]);
        events.push({
          type: event.type,
          email: address.email,
          messageId: event.message_id ?? null,
          reason: event.reason ?? `${event.type} reported by the mail provider`,
        });
      }
      const tally = await applyMailEvents(deps.db, events, new Date());
      return reply.header('Cache-Control', 'no-store').send({ received: events.length, changed: tally.changed, unknown: tally.unknown });
    });
  });
}
