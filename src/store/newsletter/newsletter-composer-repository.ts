import type { Transaction } from 'kysely';
import { recordSiteChange } from '../publication/content-version.js';
import type { IssueStatus, Tables } from '../schema.js';
import type { Db } from '../store.js';
import { SLUG_TAKEN, writeWithFreeSlug } from '../unique-slug.js';

// The newsroom's writes to lists and draft issues. Every change to an issue names the
// revision the editor started from; the revision is bumped in the same statement that
// checks it, so of two tabs saving at once exactly one wins and the other gets a
// conflict with nothing changed (SECURITY.md, reliability promise 3).

type Trx = Transaction<Tables>;

export type IssueWriteOutcome = { ok: true; revision: number } | { ok: false; reason: 'not-found' | 'not-draft' | 'stale' };

export type StoryChange = { op: 'up' | 'down' | 'remove' | 'add'; articleId: number };

export interface NewsletterValues {
  name: string;
  slug: string;
  description: string;
  roundup: number;
  draft_weekday: number;
  draft_time: string;
  max_per_second: number | null;
}

/**
 * Creates (id null) or updates a list; 'slug-taken' when another list has the slug (the
 * unique index decides races). Lists show on the reader site's sign-up forms, so a save
 * bumps the content version.
 */
export async function saveNewsletter(
  db: Db,
  id: number | null,
  values: NewsletterValues,
  now: string,
): Promise<{ ok: true; id: number } | { ok: false; reason: 'slug-taken' | 'not-found' }> {
  const result = await writeWithFreeSlug(db, { table: 'newsletters', slug: values.slug, exceptId: id }, async (trx) => {
    let saved: number | null = id;
    if (id === null) {
      const last = await trx
        .selectFrom('newsletters')
        .select((eb) => eb.fn.max('position').as('p'))
        .executeTakeFirst();
      saved = (
        await trx
          .insertInto('newsletters')
          .values({ ...values, position: Number(last?.p ?? 0) + 1, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } else {
      const updated = await trx.updateTable('newsletters').set(values).where('id', '=', id).executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) saved = null;
    }
    if (saved !== null) await recordSiteChange(trx);
    return saved;
  });
  if (result === SLUG_TAKEN) return { ok: false, reason: 'slug-taken' };
  return result === null ? { ok: false, reason: 'not-found' } : { ok: true, id: result };
}

/** Bumps the draft's revision if it is still the one named; the reason otherwise. */
async function claimRevision(
  trx: Trx,
  issueId: number,
  revision: number,
  set: { subject?: string; intro?: string },
  staffId: number | null,
  now: string,
): Promise<IssueWriteOutcome> {
  const updated = await trx
    .updateTable('newsletter_issues')
    .set({ ...set, revision: revision + 1, updated_at: now, updated_by: staffId })
    .where('id', '=', issueId)
    .where('revision', '=', revision)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1) return { ok: true, revision: revision + 1 };
  const row = await trx.selectFrom('newsletter_issues').select(['status']).where('id', '=', issueId).executeTakeFirst();
  if (!row) return { ok: false, reason: 'not-found' };
  return { ok: false, reason: row.status === 'draft' ? 'stale' : 'not-draft' };
}

export async function updateIssueText(
  db: Db,
  request: { issueId: number; revision: number; subject: string; intro: string; staffId: number | null; now: string },
): Promise<IssueWriteOutcome> {
  return db
    .transaction()
    .execute((trx) =>
      claimRevision(
        trx,
        request.issueId,
        request.revision,
        { subject: request.subject, intro: request.intro },
        request.staffId,
        request.now,
      ),
    );
}

/** Moves, removes or adds one story; positions are rewritten 0…n-1 in the new order. */
export async function changeIssueStories(
  db: Db,
  request: { issueId: number; revision: number; change: StoryChange; staffId: number | null; now: string },
): Promise<IssueWriteOutcome> {
  return db.transaction().execute(async (trx) => {
    const outcome = await claimRevision(trx, request.issueId, request.revision, {}, request.staffId, request.now);
    if (!outcome.ok) return outcome;
    const rows = await trx
      .selectFrom('newsletter_issue_stories')
      .select('article_id')
      .where('issue_id', '=', request.issueId)
      .orderBy('position')
      .orderBy('article_id')
      .execute();
    const order = rows.map((r) => r.article_id);
    const { op, articleId } = request.change;
    const at = order.indexOf(articleId);
    if (op === 'add') {
      if (at === -1) order.push(articleId);
    } else if (op === 'remove') {
      if (at !== -1) order.splice(at, 1);
    } else {
      const to = op === 'up' ? at - 1 : at + 1;
      if (at !== -1 && to >= 0 && to < order.length) [order[at], order[to]] = [order[to]!, order[at]!];
    }
    await trx.deleteFrom('newsletter_issue_stories').where('issue_id', '=', request.issueId).execute();
    if (order.length) {
      await trx
        .insertInto('newsletter_issue_stories')
        .values(order.map((article_id, position) => ({ issue_id: request.issueId, article_id, position })))
        .execute();
    }
    return outcome;
  });
}

export async function articleExists(db: Db, articleId: number): Promise<boolean> {
  return !!(await db.selectFrom('articles').select('id').where('id', '=', articleId).where('status', '=', 'published').executeTakeFirst());
}

/** The issue's stories for the editor, with whether readers can see each one now. */
export async function issueStoriesForEditor(db: Db, issueId: number, now: string) {
  const rows = await db
    .selectFrom('newsletter_issue_stories')
    .innerJoin('articles', 'articles.id', 'newsletter_issue_stories.article_id')
    .select(['articles.id', 'articles.title', 'articles.slug', 'articles.status', 'articles.published_at'])
    .where('newsletter_issue_stories.issue_id', '=', issueId)
    .orderBy('newsletter_issue_stories.position')
    .orderBy('articles.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    slug: r.slug,
    publishedAt: r.published_at,
    visible: r.status === 'published' && !!r.published_at && r.published_at <= now,
  }));
}

/** Recently published stories the editor may add, newest first. */
export async function recentPublishedStories(db: Db, limit: number, now: string) {
  return db
    .selectFrom('articles')
    .select(['id', 'title', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export interface IssueListItem {
  id: number;
  newsletterId: number;
  newsletterName: string;
  subject: string;
  status: IssueStatus;
  sendAt: string | null;
  updatedAt: string;
  finishedAt: string | null;
}

/** The newest issues of all lists. */
export async function recentIssues(db: Db, limit: number): Promise<IssueListItem[]> {
  const rows = await db
    .selectFrom('newsletter_issues')
    .innerJoin('newsletters', 'newsletters.id', 'newsletter_issues.newsletter_id')
    .select([
      'newsletter_issues.id',
      'newsletter_issues.newsletter_id',
      'newsletters.name',
      'newsletter_issues.subject',
      'newsletter_issues.status',
      'newsletter_issues.send_at',
      'newsletter_issues.updated_at',
      'newsletter_issues.finished_at',
    ])
    .orderBy('newsletter_issues.created_at', 'desc')
    .orderBy('newsletter_issues.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    newsletterId: r.newsletter_id,
    newsletterName: r.name,
    subject: r.subject,
    status: r.status,
    sendAt: r.send_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  }));
}

/** The web version: only an issue whose send has started has frozen HTML readers may see. */
export async function publicIssueHtml(db: Db, issueId: number): Promise<string | null> {
  const row = await db
    .selectFrom('newsletter_issues')
    .select(['html', 'status'])
    .where('id', '=', issueId)
    .where('status', 'in', ['sending', 'sent'])
    .executeTakeFirst();
  return row?.html ?? null;
}

export async function staffEmail(db: Db, staffId: number): Promise<string | null> {
  const row = await db.selectFrom('staff').select('email').where('id', '=', staffId).executeTakeFirst();
  return row?.email ?? null;
}
