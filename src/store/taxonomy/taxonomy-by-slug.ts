import type { Transaction } from 'kysely';
import type { Tables } from '../schema.js';
import type { Db } from '../store.js';

// Sections, tags and authors by slug, as URLs and the API name them.

type Trx = Transaction<Tables> | Db;

export async function findSectionBySlug(db: Trx, slug: string) {
  return db
    .selectFrom('sections')
    .select(['id', 'slug', 'name', 'description', 'layout', 'position'])
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function findTagBySlug(db: Trx, slug: string) {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findAuthorBySlug(db: Db, slug: string) {
  return db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** With the portrait's media key as `image` (the API's shape). */
export async function findAuthorWithImageBySlug(db: Trx, slug: string) {
  return db
    .selectFrom('authors')
    .leftJoin('media', 'media.id', 'authors.image_id')
    .select(['authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'media.key as image'])
    .where('authors.slug', '=', slug)
    .executeTakeFirst();
}

/** Tag and author slugs, for the sitemap of listing pages. */
export async function listingSlugs(db: Db): Promise<{ tags: string[]; authors: string[] }> {
  const [tags, authors] = await Promise.all([
    db.selectFrom('tags').select('slug').orderBy('slug').execute(),
    db.selectFrom('authors').select('slug').orderBy('slug').execute(),
  ]);
  return { tags: tags.map((t) => t.slug), authors: authors.map((a) => a.slug) };
}
