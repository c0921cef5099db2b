import type { SubscriberRow } from './subscriber-repository.js';
import type { Db } from '../store.js';

// The reader's side of the newsletter: a sign-up writes a pending subscriber and pending
// subscriptions, a confirmation makes them active, an unsubscribe link ends one, and a
// reader may take out or delete everything held about them. Every function takes a Db
// or the caller's transaction (Kysely's Transaction is a Db).

export type { SubscriberRow };

export interface ListRef {
  id: number;
  slug: string;
  name: string;
}

export async function findSubscriberByEmail(db: Db, email: string): Promise<SubscriberRow | undefined> {
  return db.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findSubscriberById(db: Db, id: number): Promise<SubscriberRow | undefined> {
  return db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface Consent {
  at: string;
  source: string;
  ip: string;
}

/** A new pending subscriber; a concurrent sign-up of the same address wins the race harmlessly. */
export async function insertPendingSubscriber(db: Db, email: string, consent: Consent): Promise<SubscriberRow> {
  await db
    .insertInto('subscribers')
    .values({
      email,
      status: 'pending',
      created_at: consent.at,
      updated_at: consent.at,
      consent_at: consent.at,
      consent_source: consent.source,
      consent_ip: consent.ip,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  return db.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
}

/** A pending or unsubscribed address asked again: pending, with this request's consent record. */
export async function markPending(db: Db, id: number, consent: Consent): Promise<void> {
  await db
    .updateTable('subscribers')
    .set({
      status: 'pending',
      updated_at: consent.at,
      consent_at: consent.at,
      consent_source: consent.source,
      consent_ip: consent.ip,
    })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'unsubscribed'])
    .execute();
}

/** The subscriber's subscriptions among `newsletterIds`, by list id. */
export async function subscriptionStates(db: Db, subscriberId: number, newsletterIds: number[]) {
  if (newsletterIds.length === 0) return new Map<number, string>();
  const rows = await db
    .selectFrom('subscriptions')
    .select(['newsletter_id', 'status'])
    .where('subscriber_id', '=', subscriberId)
    .where('newsletter_id', 'in', newsletterIds)
    .execute();
  return new Map(rows.map((row) => [row.newsletter_id, row.status]));
}

/** Each list not active yet becomes pending; active ones stay as they are. */
export async function requestSubscriptions(db: Db, subscriberId: number, newsletterIds: number[], now: string): Promise<void> {
  for (const newsletterId of newsletterIds) {
    await db
      .insertInto('subscriptions')
      .values({ subscriber_id: subscriberId, newsletter_id: newsletterId, status: 'pending', created_at: now, updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(['subscriber_id', 'newsletter_id'])
          .doUpdateSet({ status: 'pending', updated_at: now })
          .where('subscriptions.status', '=', 'unsubscribed'),
      )
      .execute();
  }
}

/**
 * The confirmation: the subscriber confirmed (unless bounced or complained, which are
 * final) and its pending subscriptions active. Returns the subscriber's active lists,
 * or null when the subscriber is gone or may not be mailed.
 */
export async function confirmSubscriber(db: Db, id: number, now: string): Promise<ListRef[] | null> {
  const subscriber = await findSubscriberById(db, id);
  if (!subscriber || subscriber.status === 'bounced' || subscriber.status === 'complained') return null;
  // An old link clicked after unsubscribing from everything confirms nothing.
  const pending = await listsOf(db, id, 'pending');
  if (subscriber.status === 'pending' || (subscriber.status === 'unsubscribed' && pending.length > 0)) {
    await db
      .updateTable('subscribers')
      .set({ status: 'confirmed', confirmed_at: now, unsubscribed_at: null, updated_at: now })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'unsubscribed'])
      .execute();
  }
  await db
    .updateTable('subscriptions')
    .set({ status: 'active', updated_at: now })
    .where('subscriber_id', '=', id)
    .where('status', '=', 'pending')
    .execute();
  return listsOf(db, id, 'active');
}

export async function listsOf(db: Db, subscriberId: number, status: 'pending' | 'active' | 'unsubscribed'): Promise<ListRef[]> {
  return db
    .selectFrom('subscriptions')
    .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
    .select(['newsletters.id', 'newsletters.slug', 'newsletters.name'])
    .where('subscriptions.subscriber_id', '=', subscriberId)
    .where('subscriptions.status', '=', status)
    .orderBy('newsletters.position')
    .orderBy('newsletters.id')
    .execute();
}

/** Who and which list an issue's delivery row stands for (its subscriber is null once deleted). */
export async function deliveryTarget(db: Db, deliveryId: number) {
  return db
    .selectFrom('newsletter_deliveries')
    .innerJoin('newsletter_issues', 'newsletter_issues.id', 'newsletter_deliveries.issue_id')
    .select(['newsletter_deliveries.subscriber_id', 'newsletter_issues.newsletter_id'])
    .where('newsletter_deliveries.id', '=', deliveryId)
    .executeTakeFirst();
}

export async function subscriptionStatus(db: Db, subscriberId: number, newsletterId: number): Promise<string | null> {
  const row = await db
    .selectFrom('subscriptions')
    .select('status')
    .where('subscriber_id', '=', subscriberId)
    .where('newsletter_id', '=', newsletterId)
    .executeTakeFirst();
  return row?.status ?? null;
}

/**
 * Ends one subscription; a delivery's unsubscribe is stamped on it for the issue's stats.
 * With no active list left the subscriber is unsubscribed, unless bounced or complained.
 * Safe to repeat: a second call changes nothing.
 */
export async function unsubscribeFromList(
  db: Db,
  input: { subscriberId: number; newsletterId: number; deliveryId: number | null; now: string },
): Promise<void> {
  const { subscriberId, newsletterId, deliveryId, now } = input;
  await db
    .updateTable('subscriptions')
    .set({ status: 'unsubscribed', updated_at: now })
    .where('subscriber_id', '=', subscriberId)
    .where('newsletter_id', '=', newsletterId)
    .where('status', '!=', 'unsubscribed')
    .execute();
  if (deliveryId !== null) {
    await db
      .updateTable('newsletter_deliveries')
      .set({ unsubscribed_at: now })
      .where('id', '=', deliveryId)
      .where('unsubscribed_at', 'is', null)
      .execute();
  }
  const active = await db
    .selectFrom('subscriptions')
    .select('newsletter_id')
    .where('subscriber_id', '=', subscriberId)
    .where('status', '=', 'active')
    .limit(1)
    .executeTakeFirst();
  if (!active) {
    await db
      .updateTable('subscribers')
      .set({ status: 'unsubscribed', unsubscribed_at: now, updated_at: now })
      .where('id', '=', subscriberId)
      .where('status', 'in', ['pending', 'confirmed'])
      .execute();
  }
}

/** Everything held about one subscriber, for the reader's own download. */
export async function subscriberData(db: Db, id: number) {
  const subscriber = await findSubscriberById(db, id);
  if (!subscriber) return null;
  const lists = await db
    .selectFrom('subscriptions')
    .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
    .select(['newsletters.slug', 'newsletters.name', 'subscriptions.status', 'subscriptions.created_at', 'subscriptions.updated_at'])
    .where('subscriptions.subscriber_id', '=', id)
    .orderBy('newsletters.position')
    .orderBy('newsletters.id')
    .execute();
  const issues = await db
    .selectFrom('newsletter_deliveries')
    .innerJoin('newsletter_issues', 'newsletter_issues.id', 'newsletter_deliveries.issue_id')
    .innerJoin('newsletters', 'newsletters.id', 'newsletter_issues.newsletter_id')
    .select([
      'newsletter_issues.subject',
      'newsletters.slug as newsletter',
      'newsletter_deliveries.state',
      'newsletter_deliveries.sent_at',
      'newsletter_deliveries.unsubscribed_at',
    ])
    .where('newsletter_deliveries.subscriber_id', '=', id)
    .orderBy('newsletter_deliveries.id')
    .execute();
  return { subscriber, lists, issues };
}

/** Why a confirmation token is not usable: unknown, or known but used or expired. */
export async function tokenKnown(db: Db, hash: string): Promise<boolean> {
  const row = await db
    .selectFrom('tokens')
    .select('hash')
    .where('hash', '=', hash)
    .where('purpose', '=', 'newsletter-confirm')
    .executeTakeFirst();
  return row !== undefined;
}
