import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/build-app.js';
import { importBundle } from '../../src/importers/bundle/import-bundle.js';
import { openStore, type Store } from '../../src/store/store.js';
import { referenceBundle } from '../helpers/server.js';

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

// The first request also loads the publication basics (3 queries) for the version.
const BUDGETS: Array<[string, number]> = [
  ['/walk-away-talks', 17],
  ['/', 12],
  ['/section/europe', 8],
  ['/tag/lena-marsh', 8],
  ['/author/jane-okafor', 9],
  ['/latest', 8],
];

describe('queries per reader page', () => {
  let dir: string;
  let store: Store;
  const counter = new QueryCounter();
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-queries-'));
    store = await openStore({ engine: 'sqlite', file: path.join(dir, 'm.db') });
    await store.migrate();
    const result = await importBundle({ store, file: referenceBundle, mediaDir: path.join(dir, 'media') });
    expect(result.ok).toBe(true);
    app = await buildApp({
      db: store.db.withPlugin(counter), siteUrl: 'http://127.0.0.1', mediaDir: path.join(dir, 'media'),
      assets: { stylesheet: '/assets/site.css', script: '/assets/s.js', fonts: [], icon: '/assets/i.svg' }, logLevel: 'silent',
    });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(BUDGETS)('%s stays within %i queries, and a cached page costs one', async (url, budget) => {
    counter.count = 0;
    const cold = await app.inject({ url });
    expect(cold.statusCode).toBe(200);
    expect(counter.count).toBeLessThanOrEqual(budget);
    counter.count = 0;
    const warm = await app.inject({ url });
    expect(warm.statusCode).toBe(200);
    expect(counter.count).toBe(1);
  });
});
