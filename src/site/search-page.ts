import { SEARCH_KEY } from '../content/cache-keys.js';
import { offersCorrection, suggestCorrection } from '../content/did-you-mean.js';
import { pageCount, pageOffset, PAGE_SIZE } from '../content/pagination.js';
import { positiveWords } from '../content/search-query.js';
import { parseSearchParams, searchHref, type SearchParams } from '../content/search-request.js';
import { buildPageMeta } from '../render/html/meta.js';
import { renderSearchPage } from '../render/html/pages.js';
import type { SearchView } from '../render/html/view-model.js';
import { loadCards } from '../store/stories/story-cards.js';
import { findAuthorBySlug, findTagBySlug } from '../store/taxonomy/taxonomy-by-slug.js';
import { searchArticles, searchVocabulary } from '../store/search/search-articles.js';
import type { PageResult, ReaderDeps } from './page-result.js';
import { cardView } from '../render/html/story-views.js';

// /search (SPEC §4, issue 5): full text with filters, highlighted passages and a
// "did you mean" for misspelt names. Result pages are never indexed by search engines.

export function searchCacheKey(raw: Record<string, unknown>): string | null {
  const parsed = parseSearchParams(raw);
  return parsed.ok ? searchHref({ ...parsed.params, text: parsed.params.query.text }) : null;
}

export async function searchPage(deps: ReaderDeps, raw: Record<string, unknown>): Promise<PageResult> {
  // Any change a reader can see may change which stories match and how they rank.
  deps.dependsOn(SEARCH_KEY);
  const parsed = parseSearchParams(raw);
  if (!parsed.ok) return { type: 'error', status: 400, title: 'Search not understood', message: parsed.reason };
  const params = parsed.params;
  const hrefFor = (overrides: Partial<SearchParams>, page = 1) => searchHref({ ...params, ...overrides, text: params.query.text }, page);
  const [tag, author] = await Promise.all([
    params.tag ? findTagBySlug(deps.db, params.tag) : undefined,
    params.author ? findAuthorBySlug(deps.db, params.author) : undefined,
  ]);
  const section = params.section ? deps.basics.sections.find((s) => s.slug === params.section) : undefined;
  const filters = [
    ...(params.section ? [{ label: `Section: ${section?.name ?? params.section}`, removeHref: hrefFor({ section: null }) }] : []),
    ...(params.tag ? [{ label: `Tag: ${tag?.name ?? params.tag}`, removeHref: hrefFor({ tag: null }) }] : []),
    ...(params.author ? [{ label: `Author: ${author?.name ?? params.author}`, removeHref: hrefFor({ author: null }) }] : []),
    ...(params.from ? [{ label: `From ${params.from}`, removeHref: hrefFor({ from: null }) }] : []),
    ...(params.to ? [{ label: `To ${params.to}`, removeHref: hrefFor({ to: null }) }] : []),
  ];
  const result = await searchArticles(deps.db, deps.dialect, {
    query: params.query,
    filters: {
      ...(params.section && { section: params.section }),
      ...(params.tag && { tag: params.tag }),
      ...(params.author && { author: params.author }),
      ...(params.from && { from: params.from }),
      ...(params.to && { to: params.to }),
    },
    visibility: { audience: 'readers', now: deps.now },
    limit: PAGE_SIZE,
    offset: pageOffset(params.page),
  });
  const pages = pageCount(result.total);
  if (params.page > pages) return { type: 'redirect', status: 302, location: hrefFor({}, pages) };
  const cards = await loadCards(
    deps.db,
    result.hits.map((hit) => hit.id),
    deps.now,
  );
  const snippets = new Map(result.hits.map((hit) => [hit.id, hit.snippet]));
  const words = positiveWords(params.query);
  const correction = words.length && offersCorrection(result.total) ? suggestCorrection(words, await searchVocabulary(deps.db)) : null;
  const view: SearchView = {
    text: params.query.text,
    state: params.query.terms.length === 0 ? 'empty' : result.total > 0 ? 'results' : 'none',
    total: result.total,
    exact: result.exact,
    results: cards.map((card) => ({ story: cardView(card, deps.basics.formats), snippet: snippets.get(card.article.id) ?? [] })),
    filters,
    section: params.section,
    from: params.from,
    to: params.to,
    keep: [
      ...(params.tag ? [{ name: 'tag', value: params.tag }] : []),
      ...(params.author ? [{ name: 'author', value: params.author }] : []),
    ],
    sections: deps.basics.sections.map(({ slug, name }) => ({ slug, name })),
    suggestion: correction ? { text: correction, href: searchHref({ ...params, text: correction }, 1) } : null,
    pagination: {
      page: params.page,
      pageCount: pages,
      previousHref: params.page > 1 ? hrefFor({}, params.page - 1) : null,
      nextHref: params.page < pages ? hrefFor({}, params.page + 1) : null,
    },
  };
  const title = view.state === 'empty' ? 'Search' : `Search: ${params.query.text}`;
  const meta = buildPageMeta(deps.basics.publication, {
    title,
    description: `Search the stories of ${deps.basics.publication.name}.`,
    path: hrefFor({}, params.page),
    noindex: true,
  });
  return { type: 'html', status: 200, html: renderSearchPage(deps.ctx, meta, view) };
}
