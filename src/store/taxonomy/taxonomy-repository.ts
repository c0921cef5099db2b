import type { TagKind } from '../../content/tag-kinds.js';
import { lowerContains } from '../like-pattern.js';
import type { Db } from '../store.js';

// Sections, tags and author profiles as the newsroom's screens read them. Their writes
// are in taxonomy-writes.ts, made only by the services in src/taxonomy/.

/** How many stories carry a section, tag or author (the edit pages show it). */
export async function storiesUsing(db: Db, kind: 'section' | 'tag' | 'author', id: number): Promise<number> {
  const row =
    kind === 'section'
      ? await db
          .selectFrom('article_sections')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('section_id', '=', id)
          .executeTakeFirstOrThrow()
      : kind === 'tag'
        ? await db
            .selectFrom('article_tags')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('tag_id', '=', id)
            .executeTakeFirstOrThrow()
        : await db
            .selectFrom('article_authors')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('author_id', '=', id)
            .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- sections ------------------------------------------------------------------------

export async function listSections(db: Db) {
  const rows = await db
    .selectFrom('sections')
    .select([
      'sections.id',
      'sections.slug',
      'sections.name',
      'sections.description',
      'sections.layout',
      'sections.position',
      'sections.parent_id',
      (eb) =>
        eb
          .selectFrom('article_sections')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('article_sections.section_id', '=', 'sections.id')
          .as('stories'),
    ])
    .orderBy('sections.position')
    .orderBy('sections.id')
    .execute();
  return rows.map((r) => ({ ...r, stories: Number(r.stories ?? 0) }));
}

export async function findSection(db: Db, id: number) {
  return db.selectFrom('sections').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---- tags ----------------------------------------------------------------------------

export async function listTags(db: Db, filter: { kind?: TagKind; text?: string }) {
  let query = db.selectFrom('tags').select([
    'tags.id',
    'tags.slug',
    'tags.name',
    'tags.kind',
    (eb) =>
      eb
        .selectFrom('article_tags')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('article_tags.tag_id', '=', 'tags.id')
        .as('stories'),
  ]);
  if (filter.kind) query = query.where('tags.kind', '=', filter.kind);
  if (filter.text) {
    const text = filter.text;
    query = query.where((eb) => eb.or([lowerContains('tags.name', text), lowerContains('tags.slug', text)]));
  }
  const rows = await query.orderBy('tags.name').orderBy('tags.id').limit(500).execute();
  return rows.map((r) => ({ ...r, stories: Number(r.stories ?? 0) }));
}

export async function findTag(db: Db, id: number) {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---- authors -------------------------------------------------------------------------

export async function listAuthors(db: Db) {
  const rows = await db
    .selectFrom('authors')
    .leftJoin('media', 'media.id', 'authors.image_id')
    .select([
      'authors.id',
      'authors.slug',
      'authors.name',
      'authors.bio',
      'media.key as portrait',
      (eb) =>
        eb
          .selectFrom('article_authors')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('article_authors.author_id', '=', 'authors.id')
          .as('stories'),
    ])
    .orderBy('authors.name')
    .orderBy('authors.id')
    .execute();
  const staff = await db.selectFrom('staff').select(['id', 'name', 'author_id']).where('author_id', 'is not', null).execute();
  return rows.map((r) => ({
    ...r,
    stories: Number(r.stories ?? 0),
    staff: staff.filter((s) => s.author_id === r.id).map((s) => ({ id: s.id, name: s.name })),
  }));
}

export async function findAuthor(db: Db, id: number) {
  const row = await db
    .selectFrom('authors')
    .leftJoin('media', 'media.id', 'authors.image_id')
    .select(['authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'media.key as portrait'])
    .where('authors.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const staff = await db.selectFrom('staff').select(['id', 'name']).where('author_id', '=', id).execute();
  return { ...row, staff };
}

export async function authorOptions(db: Db) {
  return db.selectFrom('authors').select(['id', 'slug', 'name']).orderBy('name').execute();
}

export async function portraitOptions(db: Db) {
  return db
    .selectFrom('media')
    .select(['key', 'alt', 'original_name'])
    .where('status', '!=', 'failed')
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}
