import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../schema.js';

// The `webhooks` table. The signing secret must be readable to sign each delivery (an
// HMAC key cannot be stored hashed), so it is made here, returned once by
// createWebhook, and never returned by a listing.

type Db = Kysely<Tables>;

export interface WebhookSummary {
  id: number;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
}

export interface WebhookTarget {
  url: string;
  secret: string;
  active: boolean;
}

function eventsOf(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string') : [];
}

/** Stores a webhook with a fresh 256-bit secret; the caller shows the secret once. */
export async function createWebhook(
  db: Db,
  input: { url: string; events: readonly string[] },
  now = new Date(),
): Promise<{ id: number; secret: string }> {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('webhooks')
    .values({ url: input.url, secret, events: JSON.stringify(input.events), active: 1, created_at: now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, secret };
}

export async function listWebhooks(db: Db): Promise<WebhookSummary[]> {
  const rows = await db.selectFrom('webhooks').select(['id', 'url', 'events', 'active', 'created_at']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, url: r.url, events: eventsOf(r.events), active: r.active === 1, createdAt: r.created_at }));
}

export async function setWebhookActive(db: Db, id: number, active: boolean): Promise<boolean> {
  const result = await db
    .updateTable('webhooks')
    .set({ active: active ? 1 : 0 })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes a webhook; its queued deliveries then find nothing to deliver and end. */
export async function deleteWebhook(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Ids of the active webhooks that receive `event`. The table is small: filter here. */
export async function webhooksSubscribedTo(db: Db, event: string): Promise<number[]> {
  const rows = await db.selectFrom('webhooks').select(['id', 'events']).where('active', '=', 1).orderBy('id').execute();
  return rows.filter((r) => eventsOf(r.events).includes(event)).map((r) => r.id);
}

export async function webhookTarget(db: Db, id: number): Promise<WebhookTarget | undefined> {
  const row = await db.selectFrom('webhooks').select(['url', 'secret', 'active']).where('id', '=', id).executeTakeFirst();
  return row && { url: row.url, secret: row.secret, active: row.active === 1 };
}
