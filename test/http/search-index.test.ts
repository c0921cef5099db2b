import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/content/search-query.js';
import { importBundle } from '../../src/importers/bundle/import-bundle.js';
import { searchArticles, type SearchAudience } from '../../src/store/search/search-articles.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createPgDatabase, engines } from '../helpers/server.js';

// The index behind search stays in step with every write (issue 5): imports that change
// a story, rename a tag, or delete a story; and the newsroom's search sees drafts that
// readers' never does. On each engine, through the store's own functions.

const minimal = (articles: object[], tags = [{ slug: 'harbour-pilots', name: 'Harbour Pilots', kind: 'organization' }]) => ({
  publication: { name: 'The Index Test', tagline: '', social: [] },
  sections: [{ slug: 'news', name: 'News', description: '', layout: 'standard' }],
  tags,
  authors: [{ slug: 'ada-quill', name: 'Ada Quill', bio: '' }],
  media: [],
  articles,
});
const story = (slug: string, title: string, extra: object = {}) => ({
  slug,
  title,
  dek: '',
  sections: ['news'],
  tags: ['harbour-pilots'],
  authors: ['ada-quill'],
  body: { format: 'markdown', source: `Plain words about ${title.toLowerCase()}.` },
  status: 'published',
  published_at: '2025-01-02T09:00:00Z',
  ...extra,
});

describe.each(engines())('the search index on %s', (engine) => {
  let store: Store;
  let dir: string;
  let drop: () => Promise<void> = async () => {};

  const importJson = async (bundle: object) => {
    const file = path.join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(bundle));
    const result = await importBundle({ store, file, mediaDir: path.join(dir, 'media') });
    if (!result.ok) throw new Error(result.problems.join('\n'));
  };
  const find = async (text: string, visibility: SearchAudience = { audience: 'readers', now: new Date().toISOString() }) => {
    const parsed = parseSearchQuery(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    const result = await searchArticles(store.db, store.dialect, { query: parsed.query, visibility, limit: 20, offset: 0 });
    const rows = result.hits.length
      ? await store.db
          .selectFrom('articles')
          .select(['id', 'slug'])
          .where(
            'id',
            'in',
            result.hits.map((h) => h.id),
          )
          .execute()
      : [];
    return result.hits.map((h) => rows.find((r) => r.id === h.id)!.slug);
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-index-'));
    if (engine === 'sqlite') {
      store = await openStore({ engine, file: path.join(dir, 'm.db') });
    } else {
      const database = await createPgDatabase();
      drop = database.drop;
      store = await openStore({ engine, url: database.url });
    }
    await store.migrate();
    await importJson(
      minimal([
        story('lighthouse-keepers-strike', 'Lighthouse keepers strike'),
        story('draft-ferry-timetable', 'Ferry timetable overhaul', { status: 'draft', published_at: undefined }),
      ]),
    );
  });
  afterAll(async () => {
    await store?.close();
    await drop();
  });

  it('finds a draft for the newsroom and never for readers', async () => {
    expect(await find('ferry')).toEqual([]);
    expect(await find('ferry', { audience: 'newsroom' })).toEqual(['draft-ferry-timetable']);
  });

  it('follows a story whose title changed on re-import', async () => {
    await importJson(minimal([story('lighthouse-keepers-strike', 'Foghorn operators walk out')]));
    expect(await find('lighthouse')).toEqual([]);
    expect(await find('foghorn')).toEqual(['lighthouse-keepers-strike']);
  });

  it("finds stories by a tag's new name once the tag is renamed", async () => {
    expect(await find('"harbour pilots"')).toEqual(['lighthouse-keepers-strike']);
    await importJson(minimal([], [{ slug: 'harbour-pilots', name: 'Estuary Navigators', kind: 'organization' }]));
    expect(await find('estuary')).toEqual(['lighthouse-keepers-strike']);
    expect(await find('"harbour pilots"')).toEqual([]);
  });

  // Searches join the index to `articles`, so a search alone cannot tell whether a deleted
  // story's index row is gone: the row itself is counted.
  const indexRows = async (id: number) => {
    const where = engine === 'sqlite' ? sql`rowid = ${id}` : sql`article_id = ${id}`;
    const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM article_search WHERE ${where}`.execute(store.db);
    return Number(rows[0]!.n);
  };

  it('forgets a deleted story', async () => {
    const { id } = await store.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'lighthouse-keepers-strike')
      .executeTakeFirstOrThrow();
    expect(await indexRows(id)).toBe(1);
    await store.db.deleteFrom('articles').where('id', '=', id).execute();
    expect(await indexRows(id)).toBe(0);
    expect(await find('foghorn', { audience: 'newsroom' })).toEqual([]);
  });
});
