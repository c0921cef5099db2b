import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { openStore, type Db, type Store } from '../../src/store/store.js';
import { createPgDatabase, engines, type Engine } from './server.js';

// Rows for the store's own tests (src/store/**/*.store.test.ts): one fresh, migrated
// database per engine, and the fewest columns a row needs.

export { engines, type Engine };

export interface FreshStore {
  store: Store;
  db: Db;
  drop(): Promise<void>;
}

/** A new, empty database on this engine, migrated unless told otherwise. */
export async function freshStore(engine: Engine, { migrate = true }: { migrate?: boolean } = {}): Promise<FreshStore> {
  const dir = await mkdtemp(path.join(tmpdir(), `masthead-store-${engine}-`));
  let url = `file:${path.join(dir, 'masthead.db')}`;
  let dropPg = async () => {};
  if (engine !== 'sqlite') ({ url, drop: dropPg } = await createPgDatabase());
  const store = await openStore(parseDatabaseUrl(url));
  if (migrate) await store.migrate();
  return {
    store,
    db: store.db,
    drop: async () => {
      await store.close();
      await dropPg();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function addStory(
  db: Db,
  story: { slug: string; title?: string; publishedAt?: string | null; body?: string; imageId?: number; updatedAt?: string },
) {
  const published = story.publishedAt !== null;
  const row = await db
    .insertInto('articles')
    .values({
      slug: story.slug,
      title: story.title ?? story.slug,
      dek: '',
      excerpt: '',
      body: story.body ?? '{"blocks":[]}',
      format_id: null,
      image_id: story.imageId ?? null,
      status: published ? 'published' : 'draft',
      published_at: published ? (story.publishedAt ?? '2026-01-01T00:00:00.000Z') : null,
      updated_at: story.updatedAt ?? null,
      created_at: '2025-12-01T00:00:00.000Z',
      publish_at: null,
      unpublish_at: null,
      modified_at: null,
      created_by: null,
      modified_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addSection(db: Db, slug: string, position = 0) {
  return (
    await db
      .insertInto('sections')
      .values({ slug, name: slug.toUpperCase(), description: '', layout: 'standard', position })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export async function addTag(db: Db, slug: string, name = slug) {
  return (await db.insertInto('tags').values({ slug, name, kind: 'topic' }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function addAuthor(db: Db, slug: string, name = slug, imageId: number | null = null) {
  return (await db.insertInto('authors').values({ slug, name, bio: '', image_id: imageId }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function addMedia(db: Db, key: string, text: { alt?: string; caption?: string; createdAt?: string } = {}) {
  return (
    await db
      .insertInto('media')
      .values({
        key,
        file_stem: key,
        original_ext: 'jpg',
        mime: 'image/jpeg',
        width: 10,
        height: 10,
        sha256: key,
        alt: text.alt ?? '',
        caption: text.caption ?? '',
        credit: '',
        variants: '[]',
        created_at: text.createdAt ?? '2026-01-01T00:00:00.000Z',
        uploaded_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export async function link(db: Db, table: 'article_sections' | 'article_tags' | 'article_authors', articleId: number, otherIds: number[]) {
  const column = table === 'article_sections' ? 'section_id' : table === 'article_tags' ? 'tag_id' : 'author_id';
  for (const [position, id] of otherIds.entries()) {
    await db
      .insertInto(table)
      .values({ article_id: articleId, [column]: id, position })
      .execute();
  }
}
