import type { Selectable } from 'kysely';
import type { NewsletterIssueTable, NewsletterTable } from './schema.js';
import type { Db } from './store.js';

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
  return db.selectFrom('newsletter_issues').selectAll().where('newsletter_id', '=', newsletterId)
    .where('status', 'in', ['draft', 'scheduled', 'sending']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}
