import type { Actor } from '../content/policy.js';
import { SLUG_MAX_LENGTH, slugify } from '../content/slug.js';
import type { AuthorInput } from '../content/taxonomy-input.js';
import { invalid, notFound } from '../editorial/newsroom-error.js';
import { recordSiteChange } from '../store/publication/content-version.js';
import { reindexStoriesOf } from '../store/search/reindex-articles.js';
import {
  deleteTaxonomyRow,
  insertAuthorRow,
  mediaIdOfKey,
  storiesCarrying,
  updateTaxonomyRow,
  type AuthorRow,
} from '../store/taxonomy/taxonomy-writes.js';
import { slugInUse, writeWithFreeSlug } from '../store/unique-slug.js';
import { allow, inUse, settled, type TaxonomyContext } from './taxonomy-write.js';

// The one writer of author profiles (bylines; a staff account may link to one). Author
// names are in the search index, so a change reindexes the stories they wrote.

/** The row's columns for the given input; the portrait key must name a library image. */
async function rowOf(trx: Parameters<typeof mediaIdOfKey>[0], input: Partial<AuthorInput>): Promise<Partial<AuthorRow>> {
  const { portrait, ...row } = input;
  if (portrait === undefined) return row;
  if (!portrait) return { ...row, image_id: null };
  const imageId = await mediaIdOfKey(trx, portrait);
  if (imageId === undefined) throw invalid([{ field: 'portrait', message: 'is not in the media library' }]);
  return { ...row, image_id: imageId };
}

export async function createAuthor(ctx: TaxonomyContext, actor: Actor, input: AuthorInput): Promise<number> {
  allow(actor, 'taxonomy.manage');
  const result = await writeWithFreeSlug(ctx.db, { table: 'authors', slug: input.slug, exceptId: null }, async (trx) => {
    const id = await insertAuthorRow(trx, { image_id: null, ...(await rowOf(trx, input)) } as AuthorRow);
    await recordSiteChange(trx);
    return id;
  });
  return settled('author', input.slug, result);
}

export async function updateAuthor(ctx: TaxonomyContext, actor: Actor, id: number, changes: Partial<AuthorInput>): Promise<void> {
  allow(actor, 'taxonomy.manage');
  const result = await writeWithFreeSlug(ctx.db, { table: 'authors', slug: changes.slug ?? null, exceptId: id }, async (trx) => {
    if (!(await updateTaxonomyRow(trx, 'authors', id, await rowOf(trx, changes)))) return null;
    // An empty PATCH changes nothing readers see or search by.
    if (Object.keys(changes).length) {
      await reindexStoriesOf(trx, ctx.dialect, 'author', [id]);
      await recordSiteChange(trx);
    }
    return id;
  });
  settled('author', changes.slug, result);
}

/** Only a profile no story carries; a linked staff account simply loses its link. */
export async function deleteAuthor(ctx: TaxonomyContext, actor: Actor, id: number): Promise<void> {
  allow(actor, 'taxonomy.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const stories = await storiesCarrying(trx, 'author', id);
    if (stories.length) throw inUse('author', stories.length);
    if (!(await deleteTaxonomyRow(trx, 'authors', id))) throw notFound('author');
    await recordSiteChange(trx);
  });
}

/** Profile slugs tried before giving up: "ana-lopez", "ana-lopez-2" … "ana-lopez-50". */
const BYLINE_SLUG_TRIES = 50;

/**
 * A new staff member's own byline (issue 13): a profile named after them, on the first free
 * slug of their name, written inside the transaction that creates their account, so the
 * account and its byline exist together or not at all. The staff screen's role check
 * (staff.manage) covers it: the person asking manages staff, not the taxonomy.
 */
export async function insertBylineProfile(trx: Parameters<typeof insertAuthorRow>[0], name: string, at: Date): Promise<number> {
  const stem = slugify(name) || 'author';
  const numbered = (n: number | string) => `${stem.slice(0, SLUG_MAX_LENGTH - String(n).length - 1)}-${n}`;
  let slug = stem;
  for (let n = 2; (await slugInUse(trx, 'authors', slug, null)) && n <= BYLINE_SLUG_TRIES + 1; n += 1) slug = numbered(n);
  // Fifty namesakes: the time makes it unique rather than refusing the account.
  if (await slugInUse(trx, 'authors', slug, null)) slug = numbered(at.getTime());
  const id = await insertAuthorRow(trx, { name, slug, bio: '', image_id: null });
  await recordSiteChange(trx);
  return id;
}
