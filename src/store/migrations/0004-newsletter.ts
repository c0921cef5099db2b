import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import { sqlIn } from './0001-content.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// The newsletter (issue 4): lists, subscribers and their consent, issues, and one
// delivery row per recipient per issue, which is what makes a send resumable.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = dialect.idType;
  const idColumn = dialect.idColumn;

  // The footer of every newsletter carries the publication's postal address (CAN-SPAM).
  await db.schema
    .alterTable('publication')
    .addColumn('postal_address', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  // A list readers subscribe to. The weekly round-up is one with `roundup = 1`: an issue
  // is drafted for it each week at its day and time in the publication's time zone.
  await db.schema
    .createTable('newsletters')
    .addColumn('id', id, idColumn)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('roundup', 'integer', (c) => c.notNull().defaultTo(0))
    /** 0 = Sunday … 6 = Saturday, for the round-up draft. */
    .addColumn('draft_weekday', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(5)
        .check(sql`draft_weekday BETWEEN 0 AND 6`),
    )
    /** "HH:MM" in the publication's time zone. */
    .addColumn('draft_time', 'text', (c) => c.notNull().defaultTo('10:00'))
    /** Messages per second while sending; null = as fast as the SMTP server accepts. */
    .addColumn('max_per_second', 'integer')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // One row per address. Bounced and complained are address-wide and final: such an
  // address is never mailed again, whatever list it is on.
  await db.schema
    .createTable('subscribers')
    .addColumn('id', id, idColumn)
    /** Lower-cased; unique, so sign-ups and imports merge rather than duplicate. */
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sqlIn('status', ['pending', 'confirmed', 'unsubscribed', 'bounced', 'complained'])),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    /** Consent as recorded: when, from where (a page path, "api", "import: file.csv"), from which address. */
    .addColumn('consent_at', 'text')
    .addColumn('consent_source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('consent_ip', 'text')
    .addColumn('bounce_reason', 'text')
    .execute();
  await db.schema.createIndex('subscribers_by_status').on('subscribers').columns(['status', 'id']).execute();
  await db.schema.createIndex('subscribers_by_confirmed_at').on('subscribers').column('confirmed_at').execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('newsletter_id', 'integer', (c) => c.notNull().references('newsletters.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sqlIn('status', ['pending', 'active', 'unsubscribed'])),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriptions_pk', ['subscriber_id', 'newsletter_id'])
    .execute();
  await db.schema.createIndex('subscriptions_by_list').on('subscriptions').columns(['newsletter_id', 'status', 'subscriber_id']).execute();

  // An issue of a newsletter. While a draft, its stories and introduction are editable;
  // when the send starts, subject, HTML and text are frozen into the row, so a resumed
  // send and the web version carry exactly what the first recipient got.
  await db.schema
    .createTable('newsletter_issues')
    .addColumn('id', id, idColumn)
    .addColumn('newsletter_id', 'integer', (c) => c.notNull().references('newsletters.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sqlIn('status', ['draft', 'scheduled', 'sending', 'sent', 'cancelled'])),
    )
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull().defaultTo(''))
    /** The round-up's week ("2026-W48"), so the weekly draft exists once. */
    .addColumn('period', 'text')
    .addColumn('send_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('html', 'text')
    .addColumn('text', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('staff.id').onDelete('set null'))
    .addUniqueConstraint('newsletter_issues_one_per_period', ['newsletter_id', 'period'])
    .execute();

  await db.schema
    .createTable('newsletter_issue_stories')
    .addColumn('issue_id', 'integer', (c) => c.notNull().references('newsletter_issues.id').onDelete('cascade'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('newsletter_issue_stories_pk', ['issue_id', 'article_id'])
    .execute();

  // One row per recipient of an issue: queued → sending (claimed by a sender, in flight)
  // → sent (with its Message-ID), or back to queued after a 4xx, bounced after a 5xx,
  // failed after the last retry. A row found "sending" after a crash becomes uncertain:
  // SMTP cannot tell whether it left, so it is neither re-sent by default nor counted sent.
  await db.schema
    .createTable('newsletter_deliveries')
    .addColumn('id', id, idColumn)
    .addColumn('issue_id', 'integer', (c) => c.notNull().references('newsletter_issues.id').onDelete('cascade'))
    /** Null once the subscriber asked to be deleted; the row stays for the counts. */
    .addColumn('subscriber_id', 'integer', (c) => c.references('subscribers.id').onDelete('set null'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sqlIn('state', ['queued', 'sending', 'sent', 'uncertain', 'failed', 'bounced', 'skipped'])),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('message_id', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('error', 'text')
    /** Set when the recipient unsubscribed through this link. */
    .addColumn('unsubscribed_at', 'text')
    .addUniqueConstraint('newsletter_deliveries_once', ['issue_id', 'subscriber_id'])
    .execute();
  await db.schema.createIndex('newsletter_deliveries_due').on('newsletter_deliveries').columns(['issue_id', 'state', 'id']).execute();
  await db.schema.createIndex('newsletter_deliveries_by_subscriber').on('newsletter_deliveries').column('subscriber_id').execute();
  await db.schema.createIndex('newsletter_deliveries_by_message').on('newsletter_deliveries').column('message_id').execute();

  // Every publication starts with the weekly round-up list.
  const now = new Date().toISOString();
  await db
    .insertInto('newsletters')
    .values({
      slug: 'weekly',
      name: 'Weekly round-up',
      description: 'The week’s stories, every Friday.',
      roundup: 1,
      draft_weekday: 5,
      draft_time: '10:00',
      position: 0,
      created_at: now,
    })
    .execute();
}
