import { sql } from 'kysely';
import { lowerContains, lowerStartsWith } from '../like-pattern.js';
import type { Db } from '../store.js';

// What the story editor's pickers offer: a few tags or author profiles that match what the
// writer typed, never the whole table (a newsroom may hold thousands of tags). Names that
// start with the text come first, then names that merely contain it, each by name.

export interface TaxonomyOption {
  slug: string;
  name: string;
  /** A tag's kind (person, organization, place, topic); absent for author profiles. */
  kind?: string;
}

/** At most this many answers per search, whatever the caller asks for. */
export const PICKER_LIMIT_MAX = 50;

export async function searchTagOptions(db: Db, text: string, limit: number): Promise<TaxonomyOption[]> {
  let query = db.selectFrom('tags').select(['tags.slug', 'tags.name', 'tags.kind']);
  const q = text.trim();
  if (q) {
    query = query
      .where((eb) => eb.or([lowerContains('tags.name', q), lowerContains('tags.slug', q)]))
      .orderBy(sql`case when ${lowerStartsWith('tags.name', q)} then 0 else 1 end`);
  }
  return query.orderBy('tags.name').orderBy('tags.id').limit(Math.min(limit, PICKER_LIMIT_MAX)).execute();
}

export async function searchAuthorOptions(db: Db, text: string, limit: number): Promise<TaxonomyOption[]> {
  let query = db.selectFrom('authors').select(['authors.slug', 'authors.name']);
  const q = text.trim();
  if (q) {
    query = query
      .where((eb) => eb.or([lowerContains('authors.name', q), lowerContains('authors.slug', q)]))
      .orderBy(sql`case when ${lowerStartsWith('authors.name', q)} then 0 else 1 end`);
  }
  return query.orderBy('authors.name').orderBy('authors.id').limit(Math.min(limit, PICKER_LIMIT_MAX)).execute();
}

/** The tags a story carries, by slug, for its form (which does not list every tag). */
export async function tagOptionsBySlugs(db: Db, slugs: string[]): Promise<TaxonomyOption[]> {
  if (!slugs.length) return [];
  return db.selectFrom('tags').select(['slug', 'name', 'kind']).where('slug', 'in', slugs).execute();
}

export async function tagBySlug(db: Db, slug: string): Promise<TaxonomyOption | undefined> {
  return db.selectFrom('tags').select(['slug', 'name', 'kind']).where('slug', '=', slug).executeTakeFirst();
}
