import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessApp, type InProcessApp } from '../helpers/in-process-app.js';
import { referenceBundle } from '../helpers/server.js';
import { cacheKeys } from '../../src/content/cache-keys.js';
import { recordContentChange } from '../../src/store/publication/content-version.js';

// Queries per page are deterministic, so they are a budget a test may hold (unlike
// timings). Each page is requested once on a cold cache and once warm.

class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count += 1;
    return args.result;
  }
}

// The first request also loads the publication basics (3 queries) and the Latest and
// briefs lists (2); later pages reuse them until a change touches them. A cached page
// costs no query at all: processes learn of changes from the engine's signal.
const BUDGETS: Array<[string, number]> = [
  ['/walk-away-talks', 15],
  ['/', 10],
  ['/section/europe', 7],
  ['/tag/lena-marsh', 8],
  ['/author/jane-okafor', 9],
  ['/latest', 7],
];

describe('queries per reader page', () => {
  const counter = new QueryCounter();
  let site: InProcessApp;

  beforeAll(async () => {
    site = await startInProcessApp({ bundle: referenceBundle, plugin: counter });
  });
  afterAll(() => site?.close());

  it.each(BUDGETS)('%s stays within %i queries, and a cached page costs none', async (url, budget) => {
    counter.count = 0;
    const cold = await site.app.inject({ url });
    expect(cold.statusCode).toBe(200);
    expect(counter.count).toBeLessThanOrEqual(budget);
    counter.count = 0;
    const warm = await site.app.inject({ url });
    expect(warm.statusCode).toBe(200);
    expect(counter.count).toBe(0);
  });

  // A body with library images costs one more query (findMediaByIds, all its images at
  // once); a body without images costs none, so the reference pages above are unchanged.
  // Each body is measured after a logged change of that story, so every measure starts equally cold.
  it('an article whose body shows images costs one query more than one without, however many images', async () => {
    const media = await site.store.db.selectFrom('media').select('id').orderBy('id').execute();
    expect(media.length, 'the reference bundle has several images').toBeGreaterThanOrEqual(3);
    const image = (mediaId: number) => ({ type: 'image', attrs: { mediaId, caption: null, credit: null, alt: null } });
    const paragraph = { type: 'paragraph', content: [{ type: 'text', text: 'Words between the pictures.' }] };
    const cost = async (images: number): Promise<{ page: number; fragment: number }> => {
      const body = { type: 'doc', content: [paragraph, ...media.slice(0, images).map((m) => image(m.id))] };
      await site.store.db
        .updateTable('articles')
        .set({ body: JSON.stringify(body) })
        .where('slug', '=', 'walk-away-talks')
        .execute();
      const { id } = await site.store.db
        .selectFrom('articles')
        .select('id')
        .where('slug', '=', 'walk-away-talks')
        .executeTakeFirstOrThrow();
      await recordContentChange(site.store.db, [cacheKeys.story(id)]);
      await site.app.contentFollower.sync();
      const measure = async (url: string) => {
        counter.count = 0;
        const response = await site.app.inject({ url });
        expect(response.statusCode).toBe(200);
        expect(response.body.match(/class="body-figure"/g) ?? [], `${url} with ${images} images`).toHaveLength(images);
        return counter.count;
      };
      return { page: await measure('/walk-away-talks'), fragment: await measure('/walk-away-talks/body') };
    };
    const none = await cost(0);
    const one = await cost(1);
    const all = await cost(media.length);
    expect(one).toEqual({ page: none.page + 1, fragment: none.fragment + 1 });
    expect(all, `${media.length} images cost what one does`).toEqual(one);
    expect(one.page).toBeLessThanOrEqual(BUDGETS[0]![1] + 1);
    // The fragment: the story, its notes and its media.
    expect(one.fragment).toBeLessThanOrEqual(3);
  });
});
