import { sql } from 'kysely';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { insertIssue, newsletterBySlug } from '../../src/store/newsletter/newsletter-repository.js';
import { openStore, type Db, type Store } from '../../src/store/store.js';
import type { Masthead } from './server.js';

// Newsletter fixtures written straight into a running Masthead's database: confirmed
// subscribers by the thousand, and an issue of published stories ready to send.

export async function openDatabaseOf(masthead: Pick<Masthead, 'env'>): Promise<Store> {
  return openStore(parseDatabaseUrl(masthead.env.DATABASE_URL!));
}

export const readerAddress = (n: number) => `reader${String(n).padStart(6, '0')}@inbox.example`;

/** `count` confirmed subscribers (reader000001@inbox.example …) on the list, in batches. */
export async function seedConfirmedSubscribers(db: Db, count: number, listSlug = 'weekly', start = 1): Promise<void> {
  const list = await newsletterBySlug(db, listSlug);
  if (!list) throw new Error(`no list ${listSlug}`);
  const at = new Date().toISOString();
  for (let first = start; first < start + count; first += 500) {
    const last = Math.min(start + count, first + 500);
    await db.transaction().execute(async (trx) => {
      const rows = Array.from({ length: last - first }, (_, i) => ({
        email: readerAddress(first + i),
        status: 'confirmed' as const,
        created_at: at,
        updated_at: at,
        confirmed_at: at,
        consent_at: at,
        consent_source: 'test fixture',
      }));
      await trx.insertInto('subscribers').values(rows).execute();
      await trx
        .insertInto('subscriptions')
        .columns(['subscriber_id', 'newsletter_id', 'status', 'created_at', 'updated_at'])
        .expression((eb) =>
          eb
            .selectFrom('subscribers')
            .select(['id', sql.lit(list.id).as('n'), sql.lit('active').as('s'), sql.val(at).as('c'), sql.val(at).as('u')])
            .where(
              'email',
              'in',
              rows.map((r) => r.email),
            ),
        )
        .execute();
    });
  }
}

/** A draft issue of the list with the `stories` newest published stories. */
export async function draftIssue(db: Db, options: { listSlug?: string; subject?: string; stories?: number } = {}): Promise<number> {
  const list = await newsletterBySlug(db, options.listSlug ?? 'weekly');
  if (!list) throw new Error('no list');
  const stories = await db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .limit(options.stories ?? 3)
    .execute();
  return insertIssue(db, {
    newsletterId: list.id,
    subject: options.subject ?? 'The week in review',
    intro: 'Three stories worth your evening.',
    period: null,
    articleIds: stories.map((s) => s.id),
    staffId: null,
    now: new Date().toISOString(),
  });
}
