import { can, type Actor, type NewsroomAction } from '../content/policy.js';
import { storyCount } from '../content/story-count.js';
import { forbidden, NewsroomError, notFound } from '../editorial/newsroom-error.js';
import type { Db, DialectOperations } from '../store/store.js';
import { SLUG_TAKEN, type SlugTaken } from '../store/unique-slug.js';

// What the section, tag and author services share: their context, the policy check,
// and the refusals every door shows alike (the API as its error envelope, the newsroom
// as form errors).

export interface TaxonomyContext {
  db: Db;
  /** Tag and author names are in the full-text index with their stories. */
  dialect: DialectOperations;
}

export type TaxonomyNoun = 'section' | 'tag' | 'author';

export function allow(actor: Actor, action: NewsroomAction): void {
  if (!can(actor, action)) throw forbidden();
}

export const slugTaken = (noun: TaxonomyNoun, slug: string) =>
  new NewsroomError(409, 'SLUG_TAKEN', `slug: there is already ${noun === 'author' ? 'an' : 'a'} ${noun} "${slug}". Nothing was saved.`, [
    { field: 'slug', message: `is already used by another ${noun}` },
  ]);

export const inUse = (noun: TaxonomyNoun, stories: number) =>
  new NewsroomError(
    409,
    'IN_USE',
    `This ${noun} is used by ${storyCount(stories)} and cannot be deleted; remove it from those first. Nothing was deleted.`,
    { uses: stories },
  );

/** The written id, or the refusal a clash or a missing row means. */
export function settled(noun: TaxonomyNoun, slug: string | null | undefined, result: number | null | SlugTaken): number {
  if (result === SLUG_TAKEN) throw slugTaken(noun, slug ?? '');
  if (result === null) throw notFound(noun);
  return result;
}
