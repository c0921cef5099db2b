import { sql, type Selectable } from 'kysely';
import type { SubscriberFilter } from '../../content/subscriber-filter.js';
import type { SubscriberStatus, SubscriberTable } from '../schema.js';
import type { Db } from '../store.js';
import { escapeLike } from '../like-pattern.js';

// The newsroom's reads and writes of subscribers: counts, the filtered list (and the
// export's keyset walk over the same filter), one person's record, unsubscribing and
// deleting on request. Every list query is bounded and uses the 0004 indexes, so the
// screens stay quick with 100,000 addresses.

export type SubscriberRow = Selectable<SubscriberTable>;

const NOT_CONFIRMED: SubscriberStatus[] = ['pending', 'unsubscribed', 'bounced', 'complained'];

/**
 * Counts by status, and per list the active subscriptions and the recipients among them
 * (confirmed addresses). Recipients are counted as active minus those whose address is
 * not confirmed: few, and found through the status index, where a join of every
 * subscription with its subscriber would read the whole table.
 */
export async function subscriberCounts(db: Db) {
  const [statuses, lists, active, notConfirmed] = await Promise.all([
    db
      .selectFrom('subscribers')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),
    db.selectFrom('newsletters').select(['id', 'slug', 'name']).orderBy('position').orderBy('id').execute(),
    db
      .selectFrom('subscriptions')
      .select(['newsletter_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'active')
      .groupBy('newsletter_id')
      .execute(),
    db
      .selectFrom('subscribers')
      .innerJoin('subscriptions', 'subscriptions.subscriber_id', 'subscribers.id')
      .select(['subscriptions.newsletter_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('subscribers.status', 'in', NOT_CONFIRMED)
      .where('subscriptions.status', '=', 'active')
      .groupBy('subscriptions.newsletter_id')
      .execute(),
  ]);
  const byStatus: Record<SubscriberStatus, number> = { pending: 0, confirmed: 0, unsubscribed: 0, bounced: 0, complained: 0 };
  for (const row of statuses) byStatus[row.status] = Number(row.n);
  const countOf = (rows: Array<{ newsletter_id: number; n: number }>, id: number) =>
    Number(rows.find((r) => r.newsletter_id === id)?.n ?? 0);
  return {
    byStatus,
    lists: lists.map((l) => ({ ...l, active: countOf(active, l.id), recipients: countOf(active, l.id) - countOf(notConfirmed, l.id) })),
  };
}

function filtered(db: Db, filter: SubscriberFilter) {
  let query = db.selectFrom('subscribers');
  if (filter.status) query = query.where('subscribers.status', '=', filter.status);
  if (filter.q) {
    // Addresses are stored lower-cased; the search text is too. `\` escapes LIKE's wildcards.
    const pattern = escapeLike(filter.q);
    query = query.where(sql<boolean>`subscribers.email like ${pattern} escape '\\'`);
  }
  if (filter.list) {
    const list = filter.list;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('subscriptions')
          .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
          .select(sql`1`.as('one'))
          .whereRef('subscriptions.subscriber_id', '=', 'subscribers.id')
          .where('newsletters.slug', '=', list)
          .where('subscriptions.status', '=', 'active'),
      ),
    );
  }
  return query;
}

/** Active lists of each subscriber, as slugs in the newsroom's list order. */
export async function activeListsOf(db: Db, ids: number[]): Promise<Map<number, string[]>> {
  const lists = new Map<number, string[]>();
  if (!ids.length) return lists;
  const rows = await db
    .selectFrom('subscriptions')
    .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
    .select(['subscriptions.subscriber_id', 'newsletters.slug'])
    .where('subscriptions.subscriber_id', 'in', ids)
    .where('subscriptions.status', '=', 'active')
    .orderBy('newsletters.position')
    .orderBy('newsletters.id')
    .execute();
  for (const row of rows) lists.set(row.subscriber_id, [...(lists.get(row.subscriber_id) ?? []), row.slug]);
  return lists;
}

/** One page, newest first (by id, so the order is stable while people sign up). */
export async function listSubscribers(db: Db, filter: SubscriberFilter, page: { limit: number; offset: number }) {
  const [rows, total] = await Promise.all([
    filtered(db, filter).selectAll('subscribers').orderBy('subscribers.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    filtered(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const lists = await activeListsOf(
    db,
    rows.map((r) => r.id),
  );
  return { rows: rows.map((row) => ({ ...row, lists: lists.get(row.id) ?? [] })), total: Number(total.n) };
}

/** The export's walk: `limit` subscribers after `afterId` (ascending), with their lists. */
export async function subscriberBatch(db: Db, filter: SubscriberFilter, afterId: number, limit: number) {
  const rows = await filtered(db, filter)
    .selectAll('subscribers')
    .where('subscribers.id', '>', afterId)
    .orderBy('subscribers.id')
    .limit(limit)
    .execute();
  const lists = await activeListsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ ...row, lists: lists.get(row.id) ?? [] }));
}

/** One person: the row, every subscription (any status) and the issues sent to them. */
/** One person with their lists and the issues sent to them (the newest `deliveries` of them; all when unset). */
export async function subscriberRecord(db: Db, id: number, deliveries?: number) {
  const subscriber = await db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!subscriber) return undefined;
  const [subscriptions, sent] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
      .select(['newsletters.slug', 'newsletters.name', 'subscriptions.status', 'subscriptions.created_at', 'subscriptions.updated_at'])
      .where('subscriptions.subscriber_id', '=', id)
      .orderBy('newsletters.position')
      .orderBy('newsletters.id')
      .execute(),
    db
      .selectFrom('newsletter_deliveries')
      .innerJoin('newsletter_issues', 'newsletter_issues.id', 'newsletter_deliveries.issue_id')
      .innerJoin('newsletters', 'newsletters.id', 'newsletter_issues.newsletter_id')
      .select([
        'newsletter_deliveries.id',
        'newsletter_issues.id as issue_id',
        'newsletter_issues.subject',
        'newsletters.name as list',
        'newsletter_deliveries.state',
        'newsletter_deliveries.sent_at',
        'newsletter_deliveries.message_id',
        'newsletter_deliveries.unsubscribed_at',
      ])
      .where('newsletter_deliveries.subscriber_id', '=', id)
      .orderBy('newsletter_deliveries.id', 'desc')
      .$if(deliveries !== undefined, (q) => q.limit(deliveries!))
      .execute(),
  ]);
  return { subscriber, subscriptions, deliveries: sent };
}

/**
 * Unsubscribes the address from everything, as a reader's own unsubscribe would. Bounced
 * and complained addresses keep that status: it is final and stronger.
 */
export async function unsubscribeSubscriber(db: Db, id: number, now: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('subscribers').select('status').where('id', '=', id).executeTakeFirst();
    if (!row) return false;
    if (row.status === 'pending' || row.status === 'confirmed') {
      await trx
        .updateTable('subscribers')
        .set({ status: 'unsubscribed', unsubscribed_at: now, updated_at: now })
        .where('id', '=', id)
        .execute();
    }
    await trx
      .updateTable('subscriptions')
      .set({ status: 'unsubscribed', updated_at: now })
      .where('subscriber_id', '=', id)
      .where('status', '!=', 'unsubscribed')
      .execute();
    return true;
  });
}

/**
 * Deletes a person on request (erasure): the row, its subscriptions (cascade) and its
 * confirmation tokens. Issues they received keep their counts: the delivery rows stay,
 * with no subscriber and no address.
 */
export async function deleteSubscriber(db: Db, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('newsletter_deliveries').set({ subscriber_id: null, email: '' }).where('subscriber_id', '=', id).execute();
    await trx.deleteFrom('tokens').where('purpose', '=', 'newsletter-confirm').where('subject_id', '=', id).execute();
    const deleted = await trx.deleteFrom('subscribers').where('id', '=', id).executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0;
  });
}
