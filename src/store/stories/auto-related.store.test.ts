import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSection, addStory, addTag, engines, freshStore, link, type FreshStore } from '../../../test/helpers/store-seed.js';
import type { Db } from '../store.js';
import { AUTO_RELATED_KEPT, rankAutoRelated, rebuildAllAutoRelated, refreshAutoRelatedAround } from './auto-related.js';
import { autoRelatedIds } from './visible-stories.js';

// Automatic related stories ranked on write (migration 0010), on each engine: the bulk
// rebuild and the one-story ranking agree, the reader keeps only visible candidates after
// the manual picks, and a newly published story enters its neighbours' lists.

const NOW = '2026-03-01T00:00:00.000Z';
const day = (n: number) => `2026-01-${String(n).padStart(2, '0')}T09:00:00.000Z`;

async function stored(db: Db, articleId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('article_auto_related')
    .select('related_id')
    .where('article_id', '=', articleId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.related_id);
}

describe.each(engines())('automatic related stories on %s', (engine) => {
  let fresh: FreshStore;
  const id: Record<string, number> = {};

  beforeAll(async () => {
    fresh = await freshStore(engine);
    const { db } = fresh;
    const [world, arts] = [await addSection(db, 'world', 0), await addSection(db, 'arts', 1)];
    const [trade, china, opera] = [await addTag(db, 'trade'), await addTag(db, 'china'), await addTag(db, 'opera')];
    // subject: trade + china, in world. Ranking by shared tags, then newest, then section.
    const stories: Array<[string, string | null, number[], number[]]> = [
      ['subject', day(1), [trade, china], [world]],
      ['both-old', day(2), [trade, china], [arts]],
      ['both-new', day(3), [china, trade], []],
      ['trade-only', day(4), [trade], []],
      ['china-only', day(5), [china], []],
      ['same-section', day(6), [opera], [world]],
      ['other', day(7), [opera], [arts]],
      ['draft', null, [trade, china], [world]],
      ['embargoed', '2027-01-01T00:00:00.000Z', [trade, china], [world]],
    ];
    for (const [slug, publishedAt, tags, sections] of stories) {
      id[slug] = await addStory(db, { slug, publishedAt });
      await link(db, 'article_tags', id[slug], tags);
      await link(db, 'article_sections', id[slug], sections);
    }
    await db.transaction().execute((trx) => rebuildAllAutoRelated(trx));
  });
  afterAll(() => fresh?.drop());

  it('ranks by shared tags, then the primary section, then the newest; live stories only, never itself', async () => {
    const ranking = await stored(fresh.db, id.subject!);
    // The embargoed story is live (its hour comes without a write): ranked, hidden when read.
    expect(ranking).toEqual([
      id.embargoed,
      id['both-new'],
      id['both-old'],
      id['china-only'],
      id['trade-only'],
      id['same-section'],
      id.other,
    ]);
    expect(ranking).not.toContain(id.draft);
    expect(ranking.length).toBeLessThanOrEqual(AUTO_RELATED_KEPT);
  });

  it('the bulk rebuild and the one-story ranking agree for every story', async () => {
    for (const articleId of Object.values(id))
      expect(await stored(fresh.db, articleId)).toEqual(await rankAutoRelated(fresh.db, articleId));
  });

  it('the reader gets visible candidates only, after leaving out the manual picks', async () => {
    const read = await autoRelatedIds(fresh.db, { articleId: id.subject!, exclude: [id['both-new']!], limit: 3, now: NOW });
    expect(read).toEqual([id['both-old'], id['china-only'], id['trade-only']]);
  });

  it('a story never ranked is ranked on the spot, and nothing is stored by reading', async () => {
    await fresh.db.deleteFrom('article_auto_related').where('article_id', '=', id.draft!).execute();
    const read = await autoRelatedIds(fresh.db, { articleId: id.draft!, exclude: [], limit: 3, now: NOW });
    expect(read.slice(0, 3)).toEqual([id.embargoed, id['both-new'], id['both-old']]);
    expect(await stored(fresh.db, id.draft!)).toEqual([]);
  });

  it('publishing a story re-ranks it and the neighbours sharing its tags', async () => {
    const { db } = fresh;
    const fresher = await addStory(db, { slug: 'fresher', publishedAt: day(20) });
    await link(db, 'article_tags', fresher, [
      (await db.selectFrom('tags').select('id').where('slug', '=', 'trade').executeTakeFirstOrThrow()).id,
    ]);
    const changed = await db.transaction().execute((trx) => refreshAutoRelatedAround(trx, fresher));
    expect(changed).toContain(id.subject);
    expect(changed).toContain(fresher);
    // One shared tag, but the newest of those: ahead of china-only and trade-only.
    expect(await stored(db, id.subject!)).toEqual([
      id.embargoed,
      id['both-new'],
      id['both-old'],
      fresher,
      id['china-only'],
      id['trade-only'],
      id['same-section'],
      id.other,
    ]);
    expect(await stored(db, fresher)).toEqual(await rankAutoRelated(db, fresher));
  });

  it('deleting a story takes it out of every stored list', async () => {
    await fresh.db.deleteFrom('articles').where('id', '=', id['both-old']!).execute();
    expect(await stored(fresh.db, id.subject!)).not.toContain(id['both-old']);
  });
});
