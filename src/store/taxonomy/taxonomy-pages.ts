import type { Db } from '../store.js';
import { publicMediaByIds } from '../media/media-lookup.js';

// Sections, tags and authors a page at a time, as the API lists them. Their writes go
// through the services in src/taxonomy/, as the newsroom's do.

export type TaxonomyKind = 'sections' | 'tags' | 'authors';

export async function sectionsInOrder(db: Db) {
  return db
    .selectFrom('sections')
    .select(['id', 'slug', 'name', 'description', 'layout', 'position'])
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function pageOfTags(db: Db, page: { limit: number; offset: number }) {
  const query = db.selectFrom('tags');
  const [rows, total] = await Promise.all([
    query.select(['id', 'slug', 'name', 'kind']).orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function pageOfAuthors(db: Db, page: { limit: number; offset: number }) {
  const query = db.selectFrom('authors').leftJoin('media', 'media.id', 'authors.image_id');
  const [rows, total] = await Promise.all([
    query
      .select(['authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'media.key as image'])
      .orderBy('authors.name')
      .orderBy('authors.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function listAuthorsWithImages(db: Db, page: { limit: number; offset: number }) {
  const query = db.selectFrom('authors');
  const [rows, total] = await Promise.all([
    query.select(['id', 'slug', 'name', 'bio', 'image_id']).orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const images = await publicMediaByIds(db, [...new Set(rows.flatMap((r) => (r.image_id ? [r.image_id] : [])))]);
  return {
    rows: rows.map(({ image_id, ...author }) => ({ ...author, image: (image_id && images.get(image_id)) || null })),
    total: Number(total.n),
  };
}
