import { sql, type Transaction } from 'kysely';
import { recordSiteChange } from './content-version.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Tables } from '../schema.js';
import { articlesNaming, reindexArticles } from '../search/reindex-articles.js';
import { rankAfterWrites } from '../stories/auto-related.js';
import { upsertRedirects } from '../redirects/redirect-repository.js';
import { isValidSlug } from '../../content/slug.js';
import { writeLiveRecord } from '../live/live-bundle.js';
import type { Db } from '../store.js';
import type {
  ArticleRecord,
  AuthorRecord,
  FormatRecord,
  MediaRecord,
  PublicationRecord,
  SectionRecord,
  TagRecord,
} from './bundle-repository.js';

// Writes what an import decided to change, all or nothing (SECURITY.md, promise 2).
// Upserts key on slugs and media keys, so a re-run after a crash creates no duplicates.

export interface ImportPlan {
  publication: PublicationRecord | null;
  formats: FormatRecord[];
  sections: Array<SectionRecord & { position: number }>;
  tags: TagRecord[];
  media: MediaRecord[];
  authors: AuthorRecord[];
  /** Changed or new stories, with every relation as it should be afterwards. */
  articles: ArticleRecord[];
  now: string;
}

type Tx = Transaction<Tables>;

/** Ids by key, 500 keys a query (SQLite's bound-parameter limit is far above that). */
async function idsBy(keys: string[], fetch: (chunk: string[]) => Promise<Array<{ id: number; key: string }>>) {
  const unique = [...new Set(keys)];
  const out = new Map<string, number>();
  for (let i = 0; i < unique.length; i += 500) {
    for (const row of await fetch(unique.slice(i, i + 500))) out.set(row.key, row.id);
  }
  return out;
}

const idsBySlug = (trx: Tx, table: 'formats' | 'sections' | 'tags' | 'authors' | 'articles', slugs: string[]) =>
  idsBy(slugs, (chunk) => trx.selectFrom(table).select(['id', 'slug as key']).where('slug', 'in', chunk).execute());

const mediaIds = (trx: Tx, keys: string[]) =>
  idsBy(keys, (chunk) => trx.selectFrom('media').select(['id', 'key']).where('key', 'in', chunk).execute());

function required(map: Map<string, number>, key: string): number {
  const id = map.get(key);
  if (id === undefined) throw new Error(`import plan refers to unknown key "${key}"`);
  return id;
}

export async function applyImportPlan({ db, dialect }: { db: Db; dialect: Pick<Dialect, 'search'> }, plan: ImportPlan): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (plan.publication) {
      await trx
        .insertInto('publication')
        .values({ id: 1, ...plan.publication, content_version: 0 })
        .onConflict((oc) => oc.column('id').doUpdateSet(plan.publication!))
        .execute();
    }
    for (const f of plan.formats) {
      await trx
        .insertInto('formats')
        .values(f)
        .onConflict((oc) => oc.column('slug').doUpdateSet(f))
        .execute();
    }
    for (const s of plan.sections) {
      await trx
        .insertInto('sections')
        .values(s)
        .onConflict((oc) => oc.column('slug').doUpdateSet(s))
        .execute();
    }
    for (const t of plan.tags) {
      await trx
        .insertInto('tags')
        .values(t)
        .onConflict((oc) => oc.column('slug').doUpdateSet(t))
        .execute();
    }
    for (const m of plan.media) {
      const { key: _key, created_at: _created, ...changes } = m;
      await trx
        .insertInto('media')
        .values(m)
        .onConflict((oc) => oc.column('key').doUpdateSet(changes))
        .execute();
    }
    const media = await mediaIds(trx, [
      ...plan.authors.flatMap((a) => (a.image ? [a.image] : [])),
      ...plan.articles.flatMap((a) => (a.image ? [a.image] : [])),
    ]);
    for (const a of plan.authors) {
      const row = { slug: a.slug, name: a.name, bio: a.bio, image_id: a.image ? required(media, a.image) : null };
      await trx
        .insertInto('authors')
        .values(row)
        .onConflict((oc) => oc.column('slug').doUpdateSet(row))
        .execute();
    }
    const written = plan.articles.length ? await writeArticles(trx, plan, media) : [];
    // Renamed tags and authors change what other stories are found by, too.
    const [tagIds, authorIds] = await Promise.all([
      idsBySlug(
        trx,
        'tags',
        plan.tags.map((t) => t.slug),
      ),
      idsBySlug(
        trx,
        'authors',
        plan.authors.map((a) => a.slug),
      ),
    ]);
    const naming = await articlesNaming(trx, { tagIds: [...tagIds.values()], authorIds: [...authorIds.values()] });
    await reindexArticles(trx, dialect, [...written, ...naming]);
    if (written.length) await rankAfterWrites(trx, written);
    await recordSiteChange(trx);
  });
}

async function writeArticles(trx: Tx, plan: ImportPlan, media: Map<string, number>): Promise<number[]> {
  const a = plan.articles;
  const formats = await idsBySlug(
    trx,
    'formats',
    a.flatMap((x) => (x.format ? [x.format] : [])),
  );
  const sections = await idsBySlug(
    trx,
    'sections',
    a.flatMap((x) => x.sections),
  );
  const tags = await idsBySlug(
    trx,
    'tags',
    a.flatMap((x) => x.tags),
  );
  const authors = await idsBySlug(
    trx,
    'authors',
    a.flatMap((x) => x.authors),
  );
  const ids = new Map<string, number>();
  for (const article of a) {
    const row = {
      slug: article.slug,
      title: article.title,
      dek: article.dek,
      excerpt: article.excerpt,
      body: article.body,
      format_id: article.format ? required(formats, article.format) : null,
      image_id: article.image ? required(media, article.image) : null,
      status: article.status,
      stage: article.status,
      published_at: article.published_at,
      updated_at: article.updated_at,
      modified_at: plan.now,
    };
    // An imported change is a new revision, so an editor tab opened before it gets a conflict.
    const { id } = await trx
      .insertInto('articles')
      .values({ ...row, created_at: plan.now })
      .onConflict((oc) => oc.column('slug').doUpdateSet({ ...row, revision: sql`articles.revision + 1` }))
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(article.slug, id);
    for (const table of [
      'article_sections',
      'article_tags',
      'article_authors',
      'article_related',
      'article_notes',
      'article_media',
    ] as const) {
      await trx.deleteFrom(table).where('article_id', '=', id).execute();
    }
    if (row.image_id) await trx.insertInto('article_media').values({ article_id: id, media_id: row.image_id }).execute();
    const links = <K extends string>(slugs: string[], map: Map<string, number>, column: K) =>
      slugs.map(
        (slug, position) =>
          ({ article_id: id, [column]: required(map, slug), position }) as { article_id: number; position: number } & Record<K, number>,
      );
    if (article.sections.length)
      await trx
        .insertInto('article_sections')
        .values(links(article.sections, sections, 'section_id'))
        .execute();
    if (article.tags.length)
      await trx
        .insertInto('article_tags')
        .values(links(article.tags, tags, 'tag_id'))
        .execute();
    if (article.authors.length)
      await trx
        .insertInto('article_authors')
        .values(links(article.authors, authors, 'author_id'))
        .execute();
    if (article.updates.length)
      await trx
        .insertInto('article_notes')
        .values(article.updates.map((n) => ({ article_id: id, ...n })))
        .execute();
    await replacePreviousSlugs(trx, id, article.previous_slugs);
    await writeLiveRecord(trx, id, article.live ?? null);
  }
  // Related picks may name stories written later in this same plan, so they go last.
  const related = await idsBySlug(
    trx,
    'articles',
    a.flatMap((x) => x.related),
  );
  for (const article of a) {
    if (!article.related.length) continue;
    const id = required(ids, article.slug);
    await trx
      .insertInto('article_related')
      .values(article.related.map((slug, position) => ({ article_id: id, related_id: required(related, slug), position })))
      .execute();
  }
  return [...ids.values()];
}

/**
 * The story's old slugs become exactly the bundle's: its exact rules at "/{slug}" paths are
 * replaced, and every other rule that names it (an imported site's permalinks) is kept.
 */
async function replacePreviousSlugs(trx: Tx, articleId: number, previousSlugs: string[]): Promise<void> {
  const current = await trx
    .selectFrom('redirects')
    .select(['id', 'from_path'])
    .where('match', '=', 'exact')
    .where('target_kind', '=', 'story')
    .where('target_id', '=', articleId)
    .execute();
  const stale = current.filter((r) => r.from_path.startsWith('/') && isValidSlug(r.from_path.slice(1))).map((r) => r.id);
  if (stale.length) await trx.deleteFrom('redirects').where('id', 'in', stale).execute();
  await upsertRedirects(
    trx,
    previousSlugs.map((old) => ({
      from_path: `/${old}`,
      match: 'exact' as const,
      target_kind: 'story' as const,
      target_id: articleId,
      target_url: null,
      status: 301 as const,
      origin: 'slug-change',
    })),
  );
}
