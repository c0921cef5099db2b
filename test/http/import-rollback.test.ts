import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../../src/importers/bundle/import-bundle.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createPgDatabase, engines, referenceBundle } from '../helpers/server.js';
import { countRows } from '../helpers/rows.js';
import { fileNamesUnder } from '../helpers/files.js';

// An import writes its media files first, under fresh names, then every row in one
// transaction (reliability promise 2). When that transaction fails, the files it wrote
// are removed: nothing on disk points at rows that were never committed.

/** Fails the first INSERT into `table` (or the first UPDATE), inside whatever transaction runs it. */
class FailWrite implements KyselyPlugin {
  failures = 0;
  constructor(private readonly what: { insertInto: string } | 'UpdateQueryNode') {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    const hit =
      this.what === 'UpdateQueryNode'
        ? node.kind === 'UpdateQueryNode'
        : node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === this.what.insertInto;
    if (hit && this.failures === 0) {
      this.failures += 1;
      throw new Error('the database went away mid-import');
    }
    return node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const bundle = {
  publication: { name: 'The Rollback Test', tagline: '', social: [] },
  sections: [{ slug: 'news', name: 'News', description: '', layout: 'standard' }],
  tags: [],
  authors: [{ slug: 'ada-quill', name: 'Ada Quill', bio: '' }],
  media: [
    { id: 'quai', file: 'images/paris-quai.jpg', alt: 'A quay in Paris', caption: 'The quay.', credit: 'Staff' },
    { id: 'road', file: 'images/desert-road.jpg', alt: 'A desert road', caption: 'The road.', credit: 'Staff' },
  ],
  articles: [
    {
      slug: 'quay-reopens',
      title: 'The quay reopens',
      dek: '',
      sections: ['news'],
      tags: [],
      authors: ['ada-quill'],
      image: 'quai',
      body: { format: 'markdown', source: 'Boats are back.' },
      status: 'published',
      published_at: '2025-01-02T09:00:00Z',
    },
  ],
};

describe.each(engines())('an import whose transaction fails on %s', (engine) => {
  let dir: string;
  let store: Store;
  let drop = async () => {};
  let file: string;
  let mediaDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-rollback-'));
    if (engine === 'sqlite') {
      store = await openStore({ engine, file: path.join(dir, 'm.db') });
    } else {
      const database = await createPgDatabase();
      drop = database.drop;
      store = await openStore({ engine, url: database.url });
    }
    await store.migrate();
    await mkdir(path.join(dir, 'bundle', 'images'), { recursive: true });
    for (const image of ['paris-quai.jpg', 'desert-road.jpg']) {
      await copyFile(path.join(path.dirname(referenceBundle), 'images', image), path.join(dir, 'bundle', 'images', image));
    }
    file = path.join(dir, 'bundle', 'bundle.json');
    await writeFile(file, JSON.stringify(bundle));
    mediaDir = path.join(dir, 'media');
  });
  afterAll(async () => {
    await store?.close();
    await drop();
    await rm(dir, { recursive: true, force: true });
  });

  const count = (table: 'media' | 'articles') => countRows(store.db, table);

  it('removes the media files it wrote and leaves no rows', async () => {
    const failing = new FailWrite({ insertInto: 'articles' });
    const broken: Store = { ...store, db: store.db.withPlugin(failing) };

    await expect(importBundle({ store: broken, file, mediaDir })).rejects.toThrow(/went away/);

    expect(failing.failures, 'the transaction reached the story rows').toBe(1);
    expect(await count('media')).toBe(0);
    expect(await count('articles')).toBe(0);
    expect(await fileNamesUnder(mediaDir)).toEqual([]);
  });

  it('keeps the files of an import that commits, and only those, after a failed re-import with a changed image', async () => {
    const done = await importBundle({ store, file, mediaDir });
    expect(done.ok).toBe(true);
    const kept = await fileNamesUnder(mediaDir);
    expect(kept.length, 'an import that commits writes files').toBeGreaterThanOrEqual(bundle.media.length);

    // The same bundle with one image replaced by the other's bytes: a new file to write.
    await copyFile(path.join(dir, 'bundle', 'images', 'desert-road.jpg'), path.join(dir, 'bundle', 'images', 'paris-quai.jpg'));
    const changed = { ...bundle, articles: bundle.articles.map((a) => ({ ...a, title: 'The quay reopens, with a new photograph' })) };
    await writeFile(file, JSON.stringify(changed));
    const failing = new FailWrite('UpdateQueryNode');

    await expect(importBundle({ store: { ...store, db: store.db.withPlugin(failing) }, file, mediaDir })).rejects.toThrow(/went away/);

    expect(failing.failures, 'the transaction reached an update').toBe(1);
    expect(await fileNamesUnder(mediaDir)).toEqual(kept);
    expect((await store.db.selectFrom('articles').select('title').executeTakeFirstOrThrow()).title).toBe('The quay reopens');
  });
});
