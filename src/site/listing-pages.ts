import { ALL_LIST_KEY, cacheKeys } from '../content/cache-keys.js';
import { PAGE_SIZE, pageCount, pageOffset, parsePageParam } from '../content/pagination.js';
import { imageView } from '../media/image-view.js';
import { buildPageMeta } from '../render/html/meta.js';
import { renderListingPage } from '../render/html/pages.js';
import type { ListingView, TagKind } from '../render/html/view-model.js';
import { findMediaRow } from '../store/media/media-repository.js';
import { listVisibleIds, loadCards, type Listing } from '../store/stories/story-cards.js';
import { visibleIdsInSections } from '../store/taxonomy/section-stories.js';
import { findAuthorBySlug, findTagBySlug } from '../store/taxonomy/taxonomy-by-slug.js';
import { notFound } from './article-page.js';
import type { PageResult, ReaderDeps } from './page-result.js';
import type { SectionInfo } from './site-basics.js';
import { cardView } from '../render/html/story-views.js';

// Section, tag, author and latest listings, paginated with ?page=N.

const TAG_EYEBROWS: Record<TagKind, string> = { person: 'Person', organization: 'Organization', place: 'Place', topic: 'Topic' };

interface ListingHeader {
  listing: Listing;
  /** The list keys of what it lists (content/cache-keys.ts). */
  lists: string[];
  kind: ListingView['kind'];
  path: string;
  heading: string;
  eyebrow: string | null;
  description: string | null;
  layout: ListingView['layout'];
  portrait: ListingView['portrait'];
  /** Section pages: the section and all its descendants, whose stories it lists. */
  sectionIds?: number[];
  family?: ListingView['family'];
}

const sectionLink = (s: SectionInfo) => ({ label: s.name, href: `/section/${s.slug}` });

/** The section and every section under it, from the basics' small list (a stored cycle cannot loop). */
function sectionAndDescendants(sections: readonly SectionInfo[], rootId: number): number[] {
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) {
    for (const s of sections) if (s.parentId === ids[i] && !ids.includes(s.id)) ids.push(s.id);
  }
  return ids;
}

async function header(deps: ReaderDeps, kind: 'section' | 'tag' | 'author', slug: string): Promise<ListingHeader | null> {
  const path = `/${kind}/${slug}`;
  if (kind === 'section') {
    const { sections } = deps.basics;
    const section = sections.find((s) => s.slug === slug);
    const parent = section && sections.find((s) => s.id === section.parentId);
    const descendants = section ? sectionAndDescendants(sections, section.id) : [];
    return section
      ? {
          listing: { by: 'section', id: section.id },
          lists: sections.filter((s) => descendants.includes(s.id)).map((s) => cacheKeys.list('section', s.slug)),
          kind,
          path,
          heading: section.name,
          eyebrow: 'Section',
          description: section.description || null,
          layout: section.layout,
          portrait: null,
          sectionIds: descendants,
          family: {
            parent: parent ? sectionLink(parent) : null,
            children: sections.filter((s) => s.parentId === section.id).map(sectionLink),
          },
        }
      : null;
  }
  if (kind === 'tag') {
    const tag = await findTagBySlug(deps.db, slug);
    return tag
      ? {
          listing: { by: 'tag', id: tag.id },
          lists: [cacheKeys.list('tag', tag.slug)],
          kind,
          path,
          heading: tag.name,
          eyebrow: TAG_EYEBROWS[tag.kind],
          description: null,
          layout: 'standard',
          portrait: null,
        }
      : null;
  }
  const author = await findAuthorBySlug(deps.db, slug);
  if (!author) return null;
  const media = author.image_id !== null ? await findMediaRow(deps.db, author.image_id) : undefined;
  return {
    listing: { by: 'author', id: author.id },
    lists: [cacheKeys.list('author', author.slug)],
    kind,
    path,
    heading: author.name,
    eyebrow: 'Author',
    description: author.bio || null,
    layout: 'standard',
    portrait: media ? imageView(media) : null,
  };
}

export async function listingPage(
  deps: ReaderDeps,
  kind: 'section' | 'tag' | 'author',
  slug: string,
  pageParam: unknown,
): Promise<PageResult> {
  const found = await header(deps, kind, slug);
  return found ? renderListing(deps, found, pageParam) : notFound();
}

export async function latestPage(deps: ReaderDeps, pageParam: unknown): Promise<PageResult> {
  return renderListing(
    deps,
    {
      listing: { by: 'all' },
      lists: [ALL_LIST_KEY],
      kind: 'latest',
      path: '/latest',
      heading: 'Latest',
      eyebrow: null,
      description: `Every story from ${deps.basics.publication.name}, newest first.`,
      layout: 'standard',
      portrait: null,
    },
    pageParam,
  );
}

async function renderListing(deps: ReaderDeps, head: ListingHeader, pageParam: unknown): Promise<PageResult> {
  const request = parsePageParam(pageParam);
  if (!request.ok) return { type: 'error', status: 400, title: 'Bad page number', message: request.reason };
  const { page } = request;
  const window = { limit: PAGE_SIZE, offset: pageOffset(page), now: deps.now };
  const { ids, total } = head.sectionIds
    ? await visibleIdsInSections(deps.db, head.sectionIds, window)
    : await listVisibleIds(deps.db, head.listing, window);
  const pages = pageCount(total);
  // Past the end: send the reader to the last page rather than an empty one.
  if (page > pages) return { type: 'redirect', status: 302, location: pages === 1 ? head.path : `${head.path}?page=${pages}` };
  const cards = await loadCards(deps.db, ids, deps.now);
  deps.dependsOn(...head.lists, ...ids.map(cacheKeys.card));
  const href = (n: number) => (n === 1 ? head.path : `${head.path}?page=${n}`);
  const view: ListingView = {
    kind: head.kind,
    heading: head.heading,
    eyebrow: head.eyebrow,
    description: head.description,
    layout: head.layout,
    portrait: head.portrait,
    stories: cards.map((c) => cardView(c, deps.basics.formats)),
    pagination: { page, pageCount: pages, previousHref: page > 1 ? href(page - 1) : null, nextHref: page < pages ? href(page + 1) : null },
    ...(head.family && { family: head.family }),
  };
  const title = page > 1 ? `${head.heading} (page ${page})` : head.heading;
  const meta = buildPageMeta(deps.basics.publication, {
    title,
    description: head.description ?? `${head.heading} at ${deps.basics.publication.name}`,
    path: href(page),
    ogType: head.kind === 'author' ? 'profile' : 'website',
  });
  const feeds =
    head.kind === 'latest'
      ? []
      : [
          { title: `${head.heading} (RSS)`, href: `${head.path}/feed.xml`, type: 'application/rss+xml' as const },
          { title: `${head.heading} (JSON Feed)`, href: `${head.path}/feed.json`, type: 'application/feed+json' as const },
        ];
  return { type: 'html', status: 200, html: renderListingPage(deps.ctx, { ...meta, feeds }, view) };
}
