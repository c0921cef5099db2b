import { can, mayKnowOfStory, type Actor } from '../content/policy.js';
import { documentMediaIds, type DocumentNode } from '../content/document.js';
import { isReservedSlug } from '../content/slug.js';
import type { StoryPatch } from '../content/story-input.js';
import { parseDocument } from '../content/parse-document.js';
import { idsBySlugs, mediaByIds, mediaByKeys, slugTaken, storyRefsBySlugs, type StoryRecord } from '../store/stories/story-repository.js';
import type { Db } from '../store/store.js';
import { forbidden, invalid, NewsroomError } from './newsroom-error.js';

// A patch names things as the bundle does (slugs, media keys); the database wants ids.
// Every unknown reference is listed at once, by field, so a form shows all its problems.

type Field = { field: string; message: string };
export type LinkTable = 'article_sections' | 'article_tags' | 'article_authors' | 'article_related';

export interface ResolvedPatch {
  changes: Record<string, unknown>;
  links: Partial<Record<LinkTable, number[]>>;
  media: { imageId: number | null; bodyIds: number[] } | null;
}

const PLAIN_FIELDS = ['title', 'dek', 'excerpt', 'seo_title', 'seo_description', 'unpublish_at'] as const;

/** Turns a patch's slugs and keys into ids, or throws the 400 that lists every unknown one. */
export async function resolvePatch(
  db: Db,
  actor: Actor,
  patch: StoryPatch,
  story: { id: number | null; current: StoryRecord | null },
): Promise<ResolvedPatch> {
  if (patch.new_tags?.length && !can(actor, 'tag.create')) throw forbidden('Your role cannot create tags.');
  const problems: Field[] = [];
  const changes: Record<string, unknown> = {};
  for (const key of PLAIN_FIELDS) if (patch[key] !== undefined) changes[key] = patch[key];
  await resolveSlugAndFormat(db, actor, patch, story.id, { changes, problems });
  const links = await resolveLinks(db, actor, patch, story, problems);
  const media = await resolveMedia(db, patch, story.current, { changes, problems });
  ownImageText(patch, story.current, changes);
  if (problems.length) throw invalid(problems);
  return { changes, links, media };
}

type Collect = { changes: Record<string, unknown>; problems: Field[] };

async function resolveSlugAndFormat(
  db: Db,
  actor: Actor,
  patch: StoryPatch,
  storyId: number | null,
  { changes, problems }: Collect,
): Promise<void> {
  if (patch.slug !== undefined) {
    if (isReservedSlug(patch.slug)) problems.push({ field: 'slug', message: `"${patch.slug}" is reserved for the site's own pages` });
    else if (!(await slugTaken(db, patch.slug, storyId))) changes.slug = patch.slug;
    // Held by a draft the actor may not know of: the next free address, as when a
    // headline's own slug is taken, never a message that tells the draft is there.
    else if (await heldByHiddenStory(db, actor, patch.slug)) changes.slug = await freeStorySlug(db, patch.slug, storyId);
    else problems.push({ field: 'slug', message: `"${patch.slug}" is already used by another story or page` });
  }
  if (patch.format === undefined) return;
  if (patch.format === null) {
    changes.format_id = null;
    return;
  }
  const formats = await idsBySlugs(db, 'formats', [patch.format]);
  if (!formats.has(patch.format)) problems.push({ field: 'format', message: `no format "${patch.format}"` });
  changes.format_id = formats.get(patch.format) ?? null;
}

/** Whether a story the actor may not know of holds `slug` (a page or redirect there is public). */
async function heldByHiddenStory(db: Db, actor: Actor, slug: string): Promise<boolean> {
  const holder = (await storyRefsBySlugs(db, [slug])).get(slug);
  return holder !== undefined && !mayKnowOfStory(actor, holder);
}

/** `stem`, or the first of `stem-2`, `stem-3`… that is free and not reserved. */
export async function freeStorySlug(db: Db, stem: string, exceptId: number | null): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? stem : `${stem}-${n}`;
    if (!isReservedSlug(candidate) && !(await slugTaken(db, candidate, exceptId))) return candidate;
  }
  throw new NewsroomError(409, 'SLUG_TAKEN', 'Could not find a free address for this headline.');
}

/**
 * Related stories the actor may name: those they may know of, and those the story
 * already links to (they were shown them). Any other answers as a story that does not exist.
 */
async function knownStoryIds(db: Db, actor: Actor, slugs: string[], current: StoryRecord | null): Promise<Map<string, number>> {
  const found = await storyRefsBySlugs(db, slugs);
  const linked = new Set(current?.related ?? []);
  return new Map(
    [...found].filter(([slug, story]) => linked.has(slug) || mayKnowOfStory(actor, story)).map(([slug, story]) => [slug, story.id]),
  );
}

async function resolveLinks(
  db: Db,
  actor: Actor,
  patch: StoryPatch,
  story: { id: number | null; current: StoryRecord | null },
  problems: Field[],
): Promise<ResolvedPatch['links']> {
  const storyId = story.id;
  const lookup = async (
    field: 'sections' | 'authors' | 'related' | 'tags',
    table: 'sections' | 'authors' | 'articles' | 'tags',
    slugs: string[] | undefined,
  ) => {
    if (!slugs) return undefined;
    const found = table === 'articles' ? await knownStoryIds(db, actor, slugs, story.current) : await idsBySlugs(db, table, slugs);
    slugs.forEach((slug, i) => {
      if (!found.has(slug))
        problems.push({ field: `${field}.${i}`, message: `no ${table === 'articles' ? 'story' : table.slice(0, -1)} "${slug}"` });
    });
    return [...new Set(slugs.flatMap((slug) => (found.has(slug) ? [found.get(slug)!] : [])))];
  };
  const links: ResolvedPatch['links'] = {};
  const sections = await lookup('sections', 'sections', patch.sections);
  const authors = await lookup('authors', 'authors', patch.authors);
  const related = await lookup('related', 'articles', patch.related);
  const tags = await lookup('tags', 'tags', patch.tags);
  if (sections) links.article_sections = sections;
  if (authors) links.article_authors = authors;
  if (related) links.article_related = related.filter((id) => id !== storyId);
  if (tags) links.article_tags = tags;
  return links;
}

/** The lead image and the images the body shows, which must all be in the library. */
async function resolveMedia(
  db: Db,
  patch: StoryPatch,
  current: StoryRecord | null,
  { changes, problems }: Collect,
): Promise<ResolvedPatch['media']> {
  const doc = patch.body === undefined ? null : await bodyDocument(patch.body);
  if (doc) changes.body = JSON.stringify(doc);
  if (patch.image === undefined && !doc) return null;
  let imageId: number | null = null;
  const imageKey = patch.image !== undefined ? patch.image : (current?.image ?? null);
  if (imageKey) {
    const [found] = await mediaByKeys(db, [imageKey]);
    if (!found) problems.push({ field: 'image', message: `no image "${imageKey}" in the media library` });
    imageId = found?.id ?? null;
  }
  if (patch.image !== undefined) changes.image_id = imageId;
  const bodyIds = doc ? documentMediaIds(doc) : current ? documentMediaIds(JSON.parse(current.body) as DocumentNode) : [];
  const known = new Set((await mediaByIds(db, bodyIds)).map((m) => m.id));
  bodyIds.forEach((id) => {
    if (!known.has(id)) problems.push({ field: 'body', message: `an image in the body (media ${id}) is not in the library` });
  });
  return { imageId, bodyIds };
}

const OWN_IMAGE_TEXT = ['image_alt', 'image_caption', 'image_credit'] as const;

/**
 * The story's own text for its lead image: blank is none (the library's shows). Text
 * written for one photo does not follow the story to another: a patch that changes the
 * image without naming the text clears it.
 */
function ownImageText(patch: StoryPatch, current: StoryRecord | null, changes: Record<string, unknown>): void {
  const otherImage = patch.image !== undefined && patch.image !== (current?.image ?? null);
  for (const key of OWN_IMAGE_TEXT) {
    const value = patch[key];
    if (value !== undefined) changes[key] = value === null || value.trim() === '' ? null : value;
    else if (otherImage && current?.[key]) changes[key] = null;
  }
}

// The converters load on first use: most saves send the stored document itself.
async function bodyDocument(body: NonNullable<StoryPatch['body']>): Promise<DocumentNode> {
  if ('type' in body) return parseDocument(body);
  if (body.format === 'markdown') return (await import('../importers/rich-text/markdown-to-document.js')).markdownToDocument(body.source);
  return (await import('../importers/rich-text/html-to-document.js')).htmlToDocument(body.source);
}
