import type { Selectable } from 'kysely';
import type { NewsletterIssueTable, NewsletterTable } from '../schema.js';
import { deliveryCounts } from './delivery-repository.js';
import type { Db } from '../store.js';

// Newsletters (the lists readers subscribe to) and their issues.

export type NewsletterRow = Selectable<NewsletterTable>;
export type IssueRow = Selectable<NewsletterIssueTable>;

export async function listNewsletters(db: Db): Promise<NewsletterRow[]> {
  return db.selectFrom('newsletters').selectAll().orderBy('position').orderBy('id').execute();
}

export async function newsletterBySlug(db: Db, slug: string): Promise<NewsletterRow | undefined> {
  return db.selectFrom('newsletters').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function newsletterById(db: Db, id: number): Promise<NewsletterRow | undefined> {
  return db.selectFrom('newsletters').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The list a sign-up joins when it names none: the first in the newsroom's order. */
export async function defaultNewsletter(db: Db): Promise<NewsletterRow | undefined> {
  return db.selectFrom('newsletters').selectAll().orderBy('position').orderBy('id').limit(1).executeTakeFirst();
}

export async function issueById(db: Db, id: number): Promise<IssueRow | undefined> {
  return db.selectFrom('newsletter_issues').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The issue `newsletter send` means: the newest one of the list not yet sent or cancelled. */
export async function currentIssueOf(db: Db, newsletterId: number): Promise<IssueRow | undefined> {
  return db
    .selectFrom('newsletter_issues')
    .selectAll()
    .where('newsletter_id', '=', newsletterId)
    .where('status', 'in', ['draft', 'scheduled', 'sending'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The issue's stories in the editor's order (published or not: the caller decides). */
export async function issueStoryIds(db: Db, issueId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('newsletter_issue_stories')
    .select('article_id')
    .where('issue_id', '=', issueId)
    .orderBy('position')
    .orderBy('article_id')
    .execute();
  return rows.map((r) => r.article_id);
}

export async function issueByPeriod(db: Db, newsletterId: number, period: string): Promise<IssueRow | undefined> {
  return db
    .selectFrom('newsletter_issues')
    .selectAll()
    .where('newsletter_id', '=', newsletterId)
    .where('period', '=', period)
    .executeTakeFirst();
}

/** A new draft with its stories in order, in one transaction. Throws on a duplicate period (the unique index decides races). */
export async function insertIssue(
  db: Db,
  issue: {
    newsletterId: number;
    subject: string;
    intro: string;
    period: string | null;
    articleIds: number[];
    staffId: number | null;
    now: string;
  },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('newsletter_issues')
      .values({
        newsletter_id: issue.newsletterId,
        subject: issue.subject,
        intro: issue.intro,
        period: issue.period,
        created_at: issue.now,
        updated_at: issue.now,
        updated_by: issue.staffId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids = [...new Set(issue.articleIds)];
    if (ids.length) {
      await trx
        .insertInto('newsletter_issue_stories')
        .values(ids.map((article_id, position) => ({ issue_id: row.id, article_id, position })))
        .execute();
    }
    return row.id;
  });
}

/** Stories published in (from, to], each with its primary section's place in the sections' order. */
export async function publishedBetween(db: Db, range: { from: string; to: string }) {
  const articles = await db
    .selectFrom('articles')
    .select(['id', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', '>', range.from)
    .where('published_at', '<=', range.to)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  if (!articles.length) return [];
  const links = await db
    .selectFrom('article_sections')
    .innerJoin('sections', 'sections.id', 'article_sections.section_id')
    .select(['article_sections.article_id', 'article_sections.position as link_position', 'sections.position', 'sections.id'])
    .where(
      'article_sections.article_id',
      'in',
      articles.map((a) => a.id),
    )
    .execute();
  return articles.map((a) => {
    const primary = links.filter((l) => l.article_id === a.id).sort((x, y) => x.link_position - y.link_position)[0];
    return { id: a.id, publishedAt: a.published_at!, section: primary ? { id: primary.id, position: primary.position } : null };
  });
}

export interface IssueStats {
  recipients: number;
  sent: number;
  /** Waiting or in flight right now. */
  queued: number;
  failed: number;
  bounced: number;
  skipped: number;
  /** Found in flight after a crash: may or may not have arrived; not re-sent by default. */
  uncertain: number;
  uncertainAddresses: string[];
  /** Recipients who unsubscribed through this issue's link. */
  unsubscribed: number;
}

const UNCERTAIN_SHOWN = 200;

/** Per-issue counts from its delivery rows (issue 4, item 7). No opens, no clicks. */
export async function issueStats(db: Db, issueId: number): Promise<IssueStats> {
  const [counts, unsubscribed, uncertain] = await Promise.all([
    deliveryCounts(db, issueId),
    db
      .selectFrom('newsletter_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('issue_id', '=', issueId)
      .where('unsubscribed_at', 'is not', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('newsletter_deliveries')
      .select('email')
      .where('issue_id', '=', issueId)
      .where('state', '=', 'uncertain')
      .orderBy('id')
      .limit(UNCERTAIN_SHOWN)
      .execute(),
  ]);
  return {
    recipients: counts.total,
    sent: counts.sent,
    queued: counts.queued + counts.sending,
    failed: counts.failed,
    bounced: counts.bounced,
    skipped: counts.skipped,
    uncertain: counts.uncertain,
    uncertainAddresses: uncertain.map((u) => u.email),
    unsubscribed: Number(unsubscribed.n),
  };
}

/** Confirmed subscribers with an active subscription, per list: who an issue would go to. */
export async function recipientCounts(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('subscriptions')
    .innerJoin('subscribers', 'subscribers.id', 'subscriptions.subscriber_id')
    .select(['subscriptions.newsletter_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('subscriptions.status', '=', 'active')
    .where('subscribers.status', '=', 'confirmed')
    .groupBy('subscriptions.newsletter_id')
    .execute();
  return new Map(rows.map((r) => [r.newsletter_id, Number(r.n)]));
}
