import { sql, type Transaction } from 'kysely';
import type { ArticleStage, Tables } from '../schema.js';
import type { Db } from '../store.js';
import { insertPageRow, updatePageRow } from '../pages/page-repository.js';
import { recordPath, type RecordKind } from '../../content/redirect-input.js';

// The rows a migration writes, one record at a time inside the runner's batch
// transaction (migration/run-migration.ts decides what to write; this file only knows
// tables). A migration is the second bulk writer beside the bundle import: it writes
// imported records as they were at the source, without the newsroom's workflow moves,
// webhooks or revisions.

export type Trx = Transaction<Tables> | Db;

export interface AuthorRow {
  slug: string;
  name: string;
  bio: string;
  image_id: number | null;
}

/** Updates the author at `id`, or creates one (merging into an existing author with that slug). */
export async function upsertAuthor(trx: Trx, id: number | null, row: AuthorRow): Promise<number> {
  if (id !== null) {
    await trx.updateTable('authors').set({ name: row.name, bio: row.bio, image_id: row.image_id }).where('id', '=', id).execute();
    return id;
  }
  const existing = await trx.selectFrom('authors').select('id').where('slug', '=', row.slug).executeTakeFirst();
  if (existing) return existing.id;
  const inserted = await trx.insertInto('authors').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export interface SectionRow {
  slug: string;
  name: string;
  description: string;
  parentId: number | null;
}

export async function upsertSection(trx: Trx, id: number | null, row: SectionRow): Promise<number> {
  const values = { name: row.name, description: row.description, parent_id: row.parentId };
  if (id !== null) {
    await trx.updateTable('sections').set(values).where('id', '=', id).execute();
    return id;
  }
  const existing = await trx.selectFrom('sections').select('id').where('slug', '=', row.slug).executeTakeFirst();
  if (existing) return existing.id;
  const { next } = await trx
    .selectFrom('sections')
    .select(sql<number>`coalesce(max(position), -1) + 1`.as('next'))
    .executeTakeFirstOrThrow();
  const inserted = await trx
    .insertInto('sections')
    .values({ slug: row.slug, ...values, layout: 'standard', position: Number(next) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function upsertTag(trx: Trx, id: number | null, row: { slug: string; name: string }): Promise<number> {
  if (id !== null) {
    await trx.updateTable('tags').set({ name: row.name }).where('id', '=', id).execute();
    return id;
  }
  const existing = await trx.selectFrom('tags').select('id').where('slug', '=', row.slug).executeTakeFirst();
  if (existing) return existing.id;
  const inserted = await trx
    .insertInto('tags')
    .values({ slug: row.slug, name: row.name, kind: 'topic' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export interface StoryRow {
  slug: string;
  title: string;
  dek: string;
  excerpt: string;
  body: string;
  status: 'draft' | 'published';
  stage: ArticleStage;
  published_at: string | null;
  updated_at: string | null;
  publish_at: string | null;
  seo_title: string;
  seo_description: string;
  image_id: number | null;
}

export interface StoryLinks {
  sectionIds: number[];
  tagIds: number[];
  authorIds: number[];
  /** Every library image the story shows (lead and body). */
  mediaIds: number[];
}

const CHUNK = 200;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Creates or replaces a batch of imported stories with their bylines, sections, tags and
 * images: a few multi-row statements for the whole batch, not a handful per story
 * (round trips are what a PostgreSQL import spends its time on). Returns the ids in order.
 */
export async function writeStories(
  trx: Trx,
  items: Array<{ id: number | null; row: StoryRow; links: StoryLinks }>,
  now: string,
): Promise<number[]> {
  const ids = new Array<number>(items.length);
  const fresh = items.map((item, index) => ({ ...item, index })).filter((item) => item.id === null);
  for (const part of chunks(fresh, 100)) {
    const inserted = await trx
      .insertInto('articles')
      .values(part.map(({ row }) => ({ ...row, format_id: null, unpublish_at: null, created_at: now, modified_at: now })))
      .returning(['id', 'slug'])
      .execute();
    // Matched by slug (unique), whatever order the engine returns the rows in.
    const bySlug = new Map(inserted.map((r) => [r.slug, r.id]));
    for (const item of part) ids[item.index] = bySlug.get(item.row.slug)!;
  }
  const changed: number[] = [];
  for (const [index, item] of items.entries()) {
    if (item.id === null) continue;
    // A changed source item is a new revision, so an editor tab opened before it gets a conflict.
    await trx
      .updateTable('articles')
      .set({ ...item.row, modified_at: now, revision: sql`revision + 1` })
      .where('id', '=', item.id)
      .execute();
    ids[index] = item.id;
    changed.push(item.id);
  }
  for (const part of chunks(changed, 500)) {
    for (const table of ['article_sections', 'article_tags', 'article_authors', 'article_media'] as const) {
      await trx.deleteFrom(table).where('article_id', 'in', part).execute();
    }
  }
  const positioned = <K extends string>(column: K, pick: (links: StoryLinks) => number[]) =>
    items.flatMap((item, index) =>
      [...new Set(pick(item.links))].map(
        (value, position) =>
          ({ article_id: ids[index]!, [column]: value, position }) as { article_id: number; position: number } & Record<K, number>,
      ),
    );
  for (const part of chunks(
    positioned('section_id', (l) => l.sectionIds),
    500,
  ))
    await trx.insertInto('article_sections').values(part).execute();
  for (const part of chunks(
    positioned('tag_id', (l) => l.tagIds),
    500,
  ))
    await trx.insertInto('article_tags').values(part).execute();
  for (const part of chunks(
    positioned('author_id', (l) => l.authorIds),
    500,
  ))
    await trx.insertInto('article_authors').values(part).execute();
  const media = items.flatMap((item, index) =>
    [...new Set(item.links.mediaIds)].map((media_id) => ({ article_id: ids[index]!, media_id })),
  );
  for (const part of chunks(media, 500)) await trx.insertInto('article_media').values(part).execute();
  return ids;
}

/**
 * Which of these root-level slugs a story, a page or an exact redirect rule already holds:
 * the batch form of the pages store's rootSlugInUse (a rule there counts even if its
 * target is gone, which only ever moves a new story to "-2").
 */
export async function takenRootSlugs(trx: Trx, slugs: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const part of chunks([...new Set(slugs)], 500)) {
    const [stories, pages, rules] = [
      await trx.selectFrom('articles').select('slug').where('slug', 'in', part).execute(),
      await trx.selectFrom('pages').select('slug').where('slug', 'in', part).execute(),
      await trx
        .selectFrom('redirects')
        .select('from_path')
        .where('match', '=', 'exact')
        .where(
          'from_path',
          'in',
          part.map((slug) => `/${slug}`),
        )
        .execute(),
    ];
    for (const row of [...stories, ...pages]) taken.add(row.slug);
    for (const row of rules) taken.add(row.from_path.slice(1));
  }
  return taken;
}

/** The current slugs of these stories or pages, by id. */
export async function slugsOf(trx: Trx, table: 'articles' | 'pages', ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const part of chunks([...new Set(ids)], 500)) {
    for (const row of await trx.selectFrom(table).select(['id', 'slug']).where('id', 'in', part).execute()) out.set(row.id, row.slug);
  }
  return out;
}

export interface PageRow {
  slug: string;
  title: string;
  body: string;
  status: 'draft' | 'published';
  parent_id: number | null;
  seo_description: string;
  published_at: string | null;
  updated_at: string | null;
}

export async function writePage(trx: Trx, id: number | null, row: PageRow, now: string): Promise<number> {
  if (id === null) return insertPageRow(trx, { ...row, footer_position: null, created_at: now });
  await updatePageRow(trx, id, row);
  return id;
}

/** A story's body after the link post-pass, which runs once every story has its new URL. */
export async function loadStoryBodies(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('articles').select(['id', 'body']).where('id', 'in', ids).execute();
}

export async function loadPageBodies(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('pages').select(['id', 'body']).where('id', 'in', ids).execute();
}

export async function replaceBody(trx: Trx, table: 'articles' | 'pages', id: number, body: string): Promise<void> {
  await trx.updateTable(table).set({ body }).where('id', '=', id).execute();
}

/**
 * Members who had unsubscribed at the source: recorded as unsubscribed, so the address
 * stays off every list here too. An address already present keeps its own state.
 */
export async function recordUnsubscribedAddresses(trx: Trx, emails: string[], now: string): Promise<number> {
  if (!emails.length) return 0;
  const inserted = await trx
    .insertInto('subscribers')
    .values(
      emails.map((email) => ({
        email,
        status: 'unsubscribed' as const,
        created_at: now,
        updated_at: now,
        confirmed_at: null,
        unsubscribed_at: now,
        consent_at: null,
        consent_source: 'import',
        consent_ip: null,
        bounce_reason: null,
      })),
    )
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

const TABLE_OF: Record<RecordKind, 'articles' | 'pages' | 'sections' | 'tags' | 'authors'> = {
  story: 'articles',
  page: 'pages',
  section: 'sections',
  tag: 'tags',
  author: 'authors',
};

/** Each record's path on this site, keyed "story:12". */
export async function homePaths(db: Trx, targets: Array<{ kind: RecordKind; id: number }>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const kind of Object.keys(TABLE_OF) as RecordKind[]) {
    const ids = [...new Set(targets.filter((t) => t.kind === kind).map((t) => t.id))];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom(TABLE_OF[kind])
        .select(['id', 'slug'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const row of rows) out.set(`${kind}:${row.id}`, recordPath(kind, row.slug));
    }
  }
  return out;
}

/** Which of these addresses are already subscribers here (in any state). */
export async function knownAddresses(db: Trx, emails: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < emails.length; i += 500) {
    const rows = await db
      .selectFrom('subscribers')
      .select('email')
      .where('email', 'in', emails.slice(i, i + 500))
      .execute();
    for (const row of rows) out.add(row.email);
  }
  return out;
}

/** Whether each of these library items carries a photo credit, by id. */
export async function mediaCredited(db: Trx, ids: number[]): Promise<Map<number, boolean>> {
  const out = new Map<number, boolean>();
  for (const part of chunks([...new Set(ids)], 500)) {
    for (const row of await db.selectFrom('media').select(['id', 'credit']).where('id', 'in', part).execute())
      out.set(row.id, row.credit !== '');
  }
  return out;
}
