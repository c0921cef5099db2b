import { sql } from 'kysely';
import type { Db } from '../store.js';

// Automatic related stories, ranked when stories are written (migration 0010) instead of
// by a tag self-join on every render. The ranking: most shared tags first, then the same
// primary section, then the newest; never the story itself. Newest means latest
// `published_at`, then highest id, on every path, so a bulk rebuild and a single refresh
// agree. Candidates are live stories whatever their publication time: the reader page
// keeps the ones visible when it renders (an embargoed story joins lists on its hour
// without a write), and a manual pick or a story taken down simply drops out there.

/** Candidates kept per story: the three shown plus room for manual picks and stories taken down. */
export const AUTO_RELATED_KEPT = 10;
/** Neighbours re-ranked when a story's candidacy changes: a bound on a write's cost. */
export const NEIGHBOURS_REFRESHED = 24;

type Trx = Db;

/** The automatic candidates readers may see, best first, leaving out `exclude` (the manual picks). */
export async function visibleAutoRelatedIds(
  db: Db,
  { articleId, exclude, limit, now }: { articleId: number; exclude: number[]; limit: number; now: string },
): Promise<number[]> {
  let query = db
    .selectFrom('article_auto_related as r')
    .innerJoin('articles', 'articles.id', 'r.related_id')
    .select('r.related_id')
    .where('r.article_id', '=', articleId)
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now);
  if (exclude.length) query = query.where('r.related_id', 'not in', exclude);
  const rows = await query.orderBy('r.position').limit(limit).execute();
  return rows.map((r) => r.related_id);
}

/** Live stories sharing tags with this one, most shared first, then newest. */
function mostSharedTags(db: Trx, articleId: number, limit: number) {
  return db
    .selectFrom('article_tags as mine')
    .innerJoin('article_tags as theirs', 'theirs.tag_id', 'mine.tag_id')
    .innerJoin('articles', 'articles.id', 'theirs.article_id')
    .select(['articles.id', sql<number>`count(*)`.as('shared')])
    .where('mine.article_id', '=', articleId)
    .where('articles.id', '<>', articleId)
    .where('articles.status', '=', 'published')
    .groupBy(['articles.id', 'articles.published_at'])
    .orderBy('shared', 'desc')
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
}

/** Ranks one story's candidates from the tables as they are now (three queries at most). */
export async function rankAutoRelated(db: Trx, articleId: number): Promise<number[]> {
  const picked: number[] = [];
  const byTags = await mostSharedTags(db, articleId, AUTO_RELATED_KEPT);
  picked.push(...byTags.map((r) => r.id));
  if (picked.length < AUTO_RELATED_KEPT) {
    const section = await db
      .selectFrom('article_sections')
      .select('section_id')
      .where('article_id', '=', articleId)
      .orderBy('position')
      .limit(1)
      .executeTakeFirst();
    let query = db
      .selectFrom('articles')
      .select('articles.id')
      .where('articles.id', 'not in', [articleId, ...picked])
      .where('articles.status', '=', 'published');
    if (section) {
      query = query
        .innerJoin('article_sections', 'article_sections.article_id', 'articles.id')
        .where('article_sections.section_id', '=', section.section_id);
    }
    const rows = await query
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(AUTO_RELATED_KEPT - picked.length)
      .execute();
    picked.push(...rows.map((r) => r.id));
    if (section && picked.length < AUTO_RELATED_KEPT) {
      const newest = await db
        .selectFrom('articles')
        .select('id')
        .where('id', 'not in', [articleId, ...picked])
        .where('status', '=', 'published')
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(AUTO_RELATED_KEPT - picked.length)
        .execute();
      picked.push(...newest.map((r) => r.id));
    }
  }
  return picked;
}

/** Stores the ranking of each story in `ids`; returns those whose ranking changed. */
export async function refreshAutoRelated(trx: Trx, ids: readonly number[]): Promise<number[]> {
  const changed: number[] = [];
  for (const id of new Set(ids)) if (await storeRanking(trx, id, await rankAutoRelated(trx, id))) changed.push(id);
  return changed;
}

/**
 * After a write that changes a story's candidacy (published, taken down, tags, sections,
 * publication time): the story's own ranking, and those of the neighbours it most likely
 * enters or leaves, bounded by NEIGHBOURS_REFRESHED so a story with a popular tag does not
 * re-rank half the archive: the live stories sharing the most tags with it (newest first)
 * and the stories whose stored ranking names it. Further neighbours catch up when they are
 * next written; until then their lists are older but never show a hidden story.
 */
export async function refreshAutoRelatedAround(trx: Trx, articleId: number): Promise<number[]> {
  const [sharing, naming] = await Promise.all([
    mostSharedTags(trx, articleId, NEIGHBOURS_REFRESHED),
    trx
      .selectFrom('article_auto_related')
      .select('article_id')
      .where('related_id', '=', articleId)
      .orderBy('position')
      .limit(NEIGHBOURS_REFRESHED)
      .execute(),
  ]);
  const neighbours = [...new Set([...naming.map((r) => r.article_id), ...sharing.map((r) => r.id)])].slice(0, NEIGHBOURS_REFRESHED);
  return refreshAutoRelated(trx, [articleId, ...neighbours]);
}

/** What the ranking reads of a story (a StoryRecord has it). */
export interface RankedFields {
  status: string;
  published_at: string | null;
  sections: readonly string[];
  tags: ReadonlyArray<{ slug: string }>;
}

/**
 * Re-ranks around a story after an editorial write, when the write changed what the
 * ranking reads: a save that only fixes a typo (or an autosave) costs nothing here.
 * Returns the stories whose related list changed (their pages show other cards now).
 */
export async function rankAfterStoryWrite(trx: Trx, id: number, before: RankedFields | undefined, after: RankedFields): Promise<number[]> {
  if (before && sameRankedFields(before, after)) return [];
  return refreshAutoRelatedAround(trx, id);
}

function sameRankedFields(a: RankedFields, b: RankedFields): boolean {
  return (
    a.status === b.status &&
    a.published_at === b.published_at &&
    a.sections.join('\n') === b.sections.join('\n') &&
    a.tags.map((t) => t.slug).join('\n') === b.tags.map((t) => t.slug).join('\n')
  );
}

/** Stories written in bulk (an import, a migration batch) before re-ranking the whole archive is cheaper. */
const REFRESHED_ONE_BY_ONE = 20;

/** After a bulk write (a bundle import, a migration's batch): around each story when few, else everything. */
export async function rankAfterWrites(trx: Trx, ids: readonly number[]): Promise<void> {
  if (ids.length > REFRESHED_ONE_BY_ONE) return rebuildAllAutoRelated(trx);
  for (const id of ids) await refreshAutoRelatedAround(trx, id);
}

/**
 * Ranks every story at once, in memory: a bundle import, a migration's end and the
 * back-fill of migration 0010. A few reads and batched inserts instead of a ranking query
 * per story; the same order as rankAutoRelated.
 */
export async function rebuildAllAutoRelated(trx: Trx): Promise<void> {
  const [articles, tagLinks, sectionLinks] = await Promise.all([
    trx.selectFrom('articles').select(['id', 'status', 'published_at']).execute(),
    trx.selectFrom('article_tags').select(['article_id', 'tag_id']).execute(),
    trx.selectFrom('article_sections').select(['article_id', 'section_id', 'position']).orderBy('article_id').orderBy('position').execute(),
  ]);
  // Newest first (published_at desc, then id desc, as the SQL ranking orders): `age` is
  // each live story's place in that order, so comparisons are on small integers.
  const newest = articles
    .filter((a) => a.status === 'published')
    .sort((a, b) => {
      const pa = a.published_at ?? '';
      const pb = b.published_at ?? '';
      return pa === pb ? b.id - a.id : pa < pb ? 1 : -1;
    })
    .map((a) => a.id);
  const maxId = articles.reduce((max, a) => Math.max(max, a.id), 0);
  const age = new Int32Array(maxId + 1).fill(-1);
  newest.forEach((id, place) => (age[id] = place));
  const live = (id: number) => age[id]! >= 0;

  const tagsOf = groupBy(
    tagLinks,
    (l) => l.article_id,
    (l) => l.tag_id,
  );
  const liveByTag = groupBy(
    tagLinks.filter((l) => live(l.article_id)),
    (l) => l.tag_id,
    (l) => l.article_id,
  );
  const primarySection = new Map<number, number>();
  for (const l of sectionLinks) if (!primarySection.has(l.article_id)) primarySection.set(l.article_id, l.section_id);
  const liveBySection = groupBy(
    sectionLinks.filter((l) => live(l.article_id)),
    (l) => l.section_id,
    (l) => l.article_id,
  );
  for (const ids of liveBySection.values()) ids.sort((a, b) => age[a]! - age[b]!);

  const shared = new Int32Array(maxId + 1);
  await trx.deleteFrom('article_auto_related').execute();
  let batch: Array<{ article_id: number; related_id: number; position: number }> = [];
  for (const { id } of articles) {
    const touched: number[] = [];
    for (const tag of tagsOf.get(id) ?? []) {
      for (const other of liveByTag.get(tag) ?? []) {
        if (other === id) continue;
        if (shared[other] === 0) touched.push(other);
        shared[other]! += 1;
      }
    }
    const picked = topByShared(touched, shared, age);
    for (const other of touched) shared[other] = 0;
    const section = primarySection.get(id);
    for (const fill of section === undefined ? [newest] : [liveBySection.get(section) ?? [], newest]) {
      const taken = new Set(picked);
      for (const other of fill) {
        if (picked.length >= AUTO_RELATED_KEPT) break;
        if (other !== id && !taken.has(other)) picked.push(other);
      }
    }
    picked.forEach((related_id, position) => batch.push({ article_id: id, related_id, position }));
    if (batch.length >= 3000) {
      await insertRows(trx, batch);
      batch = [];
    }
  }
  await insertRows(trx, batch);
}

/** The AUTO_RELATED_KEPT candidates sharing the most tags, newest first among equals. */
function topByShared(candidates: number[], shared: Int32Array, age: Int32Array): number[] {
  const better = (a: number, b: number) => shared[a]! > shared[b]! || (shared[a] === shared[b] && age[a]! < age[b]!);
  const top: number[] = [];
  for (const id of candidates) {
    if (top.length === AUTO_RELATED_KEPT && !better(id, top[top.length - 1]!)) continue;
    let at = top.length === AUTO_RELATED_KEPT ? top.length - 1 : top.length;
    while (at > 0 && better(id, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = id;
  }
  return top;
}

/** Replaces a story's stored ranking; false when it was already the same. */
async function storeRanking(trx: Trx, articleId: number, ranking: number[]): Promise<boolean> {
  const stored = await trx
    .selectFrom('article_auto_related')
    .select('related_id')
    .where('article_id', '=', articleId)
    .orderBy('position')
    .execute();
  if (stored.length === ranking.length && stored.every((r, i) => r.related_id === ranking[i])) return false;
  await trx.deleteFrom('article_auto_related').where('article_id', '=', articleId).execute();
  await insertRows(
    trx,
    ranking.map((related_id, position) => ({ article_id: articleId, related_id, position })),
  );
  return true;
}

async function insertRows(trx: Trx, rows: Array<{ article_id: number; related_id: number; position: number }>): Promise<void> {
  // 300 rows of three values: well under both engines' limits on bound parameters.
  for (let i = 0; i < rows.length; i += 300)
    await trx
      .insertInto('article_auto_related')
      .values(rows.slice(i, i + 300))
      .execute();
}

function groupBy<T, K, V>(items: readonly T[], key: (item: T) => K, value: (item: T) => V): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(value(item));
    else out.set(k, [value(item)]);
  }
  return out;
}
