import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderErrorPage } from '../render/html/pages.js';
import type { AssetsView, PageContext } from '../render/html/view-model.js';
import { cacheKey, cachePage, encodedBody, newNonce, type CachedPage, PageCache } from '../http/page-cache.js';
import { isNotModified } from '../http/conditional-get.js';
import { registerRoutes, type RouteHandler, type RouteTable } from '../http/route-table.js';
import { contentSecurityPolicy } from '../http/security-headers.js';
import { contentVersion } from '../store/publication/settings-repository.js';
import type { Db, DialectOperations } from '../store/store.js';
import { articleBodyFragment, articlePage, articlePreview, notFound } from './article-page.js';
import { frontPage, newsletterPage } from './front-page.js';
import { latestPage, listingPage } from './listing-pages.js';
import { feedDocument, type FeedFormat, type FeedScope } from './feeds.js';
import { searchCacheKey, searchPage } from './search-page.js';
import { newsSitemap, pagesSitemap, robotsTxt, sitemapIndex, storySitemap } from './sitemaps.js';
import { etagOf, type StreamedDocument } from './streamed-document.js';
import type { PageResult, ReaderDeps } from './page-result.js';
import { emptyBasics, readSiteBasics, type SiteBasics } from './site-basics.js';
import { sharedListsLoader } from './shared-lists.js';
import { registerIssueWebVersion } from './newsletter-issue-page.js';
import { redirectForMissingPage, redirectForOldQueryLink, sendRedirect } from './redirect-lookup.js';

// The reader site's routes (SPEC §4). Each page handler (article-page.ts, front-page.ts…)
// decides a PageResult; the pipeline here turns results into responses and keeps rendered
// pages in the page cache. The route table at the bottom says which handler serves which
// URL.

export interface SiteOptions {
  db: Db;
  dialect: DialectOperations;
  siteUrl: string;
  assets: AssetsView;
}

/** Where a page is cached and under which key (null: not cached). */
interface Keyed {
  cache: PageCache;
  key(request: FastifyRequest): string | null;
}

type Handler = (deps: ReaderDeps, request: FastifyRequest) => Promise<PageResult> | PageResult;

const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300';
const FEED_CACHE_CONTROL = 'public, max-age=300, s-maxage=300, stale-while-revalidate=600';

type DocumentHandler = (deps: ReaderDeps, request: FastifyRequest) => Promise<StreamedDocument | null>;

/** One app's reader pipeline: its page caches and the site basics per content version. */
interface SitePipeline {
  options: SiteOptions;
  cache: PageCache;
  /** Search pages vary by query, which readers (or a flood of made-up queries) choose
   * freely: they get their own small cache, so they can only ever evict each other. */
  searchCache: PageCache;
  basics: BasicsCache;
  sharedLists: ReturnType<typeof sharedListsLoader>;
}

function sitePipeline(options: SiteOptions): SitePipeline {
  return {
    options,
    cache: new PageCache(),
    searchCache: new PageCache(200, 30_000),
    basics: basicsCache(options),
    sharedLists: sharedListsLoader(options.db),
  };
}

interface BasicsCache {
  forVersion(version: number): Promise<SiteBasics>;
  /** The error page must render even when the database cannot be read. */
  forErrorPage(): Promise<SiteBasics>;
}

/** The publication's basics, read once per content version; a failed read is not kept. */
function basicsCache(options: SiteOptions): BasicsCache {
  let basics: { version: number; value: Promise<SiteBasics> } | null = null;
  let lastGoodBasics: SiteBasics | null = null;
  const forVersion = (version: number) => {
    if (!basics || basics.version !== version) {
      const value = readSiteBasics(options.db, options.siteUrl, options.assets.icon);
      basics = { version, value };
      value.then(
        (loaded) => (lastGoodBasics = loaded),
        () => (basics = null),
      );
    }
    return basics.value;
  };
  const forErrorPage = async () => {
    try {
      return await forVersion(await contentVersion(options.db));
    } catch {
      basics = null;
      return lastGoodBasics ?? emptyBasics(options.siteUrl, options.assets.icon);
    }
  };
  return { forVersion, forErrorPage };
}

const context = (site: SitePipeline, basics: SiteBasics, nonce: string): PageContext => ({
  publication: basics.publication,
  assets: site.options.assets,
  nonce,
});

function readerDeps(site: SitePipeline, version: number, basics: SiteBasics, nonce: string): ReaderDeps {
  return {
    db: site.options.db,
    dialect: site.options.dialect,
    basics,
    ctx: context(site, basics, nonce),
    now: new Date().toISOString(),
    sharedLists: () => site.sharedLists(version, basics),
  };
}

async function sendError(site: SitePipeline, reply: FastifyReply, status: number, title: string, message: string) {
  const basics = await site.basics.forErrorPage();
  const nonce = newNonce();
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', contentSecurityPolicy(nonce))
    .send(renderErrorPage(context(site, basics, nonce), { status, title, message }));
}

/** A 404, unless the redirect table sends the reader on from this old address. */
async function sendNotFound(site: SitePipeline, request: FastifyRequest, reply: FastifyReply, page = notFound()) {
  const redirect = await redirectForMissingPage(site.options.db, request);
  if (redirect) return sendRedirect(reply, redirect);
  return sendError(site, reply, 404, page.title, page.message);
}

/** A page: from the cache for this content version, or decided by its handler and cached. */
async function servePage(
  site: SitePipeline,
  request: FastifyRequest,
  reply: FastifyReply,
  handler: Handler,
  keyed: Keyed = { cache: site.cache, key: (r) => cacheKey(r.url) },
) {
  const version = await contentVersion(site.options.db);
  const key = keyed.key(request);
  const cached = key === null ? undefined : keyed.cache.get(key, version);
  if (cached) return sendPage(request, reply, cached);
  const basics = await site.basics.forVersion(version);
  const nonce = newNonce();
  const result = await handler(readerDeps(site, version, basics, nonce), request);
  switch (result.type) {
    case 'html': {
      const entry = cachePage(result.html, nonce, version);
      if (key !== null) keyed.cache.set(key, entry);
      return sendPage(request, reply, entry);
    }
    case 'redirect':
      return reply.code(result.status).header('Cache-Control', 'public, max-age=300').redirect(result.location, result.status);
    case 'error':
      if (result.status === 404) return sendNotFound(site, request, reply, result);
      return sendError(site, reply, result.status, result.title, result.message);
    default: {
      const unreachable: never = result;
      throw new Error(`unknown page result ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Feeds and sitemaps: validators first, 304 when they match, else the body streamed. */
async function serveDocument(site: SitePipeline, request: FastifyRequest, reply: FastifyReply, handler: DocumentHandler) {
  const version = await contentVersion(site.options.db);
  const document = await handler(readerDeps(site, version, await site.basics.forVersion(version), ''), request);
  if (!document) return sendNotFound(site, request, reply);
  // Any write may change a name or a body these documents carry, so the version is in the tag.
  const etag = etagOf(document.etag, version);
  reply.type(document.contentType).header('Cache-Control', FEED_CACHE_CONTROL).header('ETag', etag);
  if (document.lastModified) reply.header('Last-Modified', new Date(document.lastModified).toUTCString());
  if (isNotModified(request.headers, etag, document.lastModified)) return reply.code(304).send();
  return reply.send(Readable.from(document.body()));
}

/** Private previews render like the article page but bypass the page cache entirely. */
async function previewArticle(site: SitePipeline, articleId: number) {
  const version = await contentVersion(site.options.db);
  const nonce = newNonce();
  const html = await articlePreview(readerDeps(site, version, await site.basics.forVersion(version), nonce), articleId);
  return html === null ? null : { html, nonce };
}

type SiteRoute = RouteHandler<SitePipeline>;
const slug = (request: FastifyRequest) => (request.params as { slug: string }).slug;
const pageParam = (request: FastifyRequest) => (request.query as { page?: unknown }).page;

const favicon: SiteRoute = (site, _request, reply) =>
  reply.header('Cache-Control', 'public, max-age=86400').redirect(site.options.assets.icon, 301);
// Before the page cache, whose key ignores these parameters.
const front: SiteRoute = async (site, request, reply) => {
  const redirect = await redirectForOldQueryLink(site.options.db, request);
  return redirect ? sendRedirect(reply, redirect) : servePage(site, request, reply, frontPage);
};
const latest: SiteRoute = (site, request, reply) => servePage(site, request, reply, (deps) => latestPage(deps, pageParam(request)));
const newsletter: SiteRoute = (site, request, reply) => servePage(site, request, reply, newsletterPage);
const search: SiteRoute = (site, request, reply) =>
  servePage(site, request, reply, (deps) => searchPage(deps, request.query as Record<string, unknown>), {
    cache: site.searchCache,
    key: (r) => searchCacheKey(r.query as Record<string, unknown>),
  });
const listing =
  (kind: ListingKind): SiteRoute =>
  (site, request, reply) =>
    servePage(site, request, reply, (deps) => listingPage(deps, kind, slug(request), pageParam(request)));
const article: SiteRoute = (site, request, reply) => servePage(site, request, reply, (deps) => articlePage(deps, slug(request)));
const articleBody: SiteRoute = (site, request, reply) =>
  servePage(site, request, reply, (deps) => articleBodyFragment(deps, slug(request)));

const siteFeed =
  (format: FeedFormat): SiteRoute =>
  (site, request, reply) =>
    serveDocument(site, request, reply, (deps) => feedDocument(deps, { kind: 'site' }, format));
const listingFeed =
  (kind: ListingKind, format: FeedFormat): SiteRoute =>
  (site, request, reply) =>
    serveDocument(site, request, reply, (deps) => feedDocument(deps, { kind, slug: slug(request) } satisfies FeedScope, format));
const sitemap: SiteRoute = (site, request, reply) => serveDocument(site, request, reply, sitemapIndex);
const newsMap: SiteRoute = (site, request, reply) => serveDocument(site, request, reply, newsSitemap);
const sitemapPart: SiteRoute = (site, request, reply) =>
  serveDocument(site, request, reply, async (deps) => {
    const file = (request.params as { file: string }).file;
    if (file === 'pages.xml') return pagesSitemap(deps);
    const page = /^stories-([1-9][0-9]{0,5})\.xml$/.exec(file)?.[1];
    return page ? storySitemap(deps, Number(page)) : null;
  });
const robots: SiteRoute = (site, _request, reply) =>
  reply.type('text/plain; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(robotsTxt(site.options.siteUrl));

type ListingKind = 'section' | 'tag' | 'author';
const LISTING_KINDS: ListingKind[] = ['section', 'tag', 'author'];
const FEED_FILES: Array<[FeedFormat, string]> = [
  ['rss', 'feed.xml'],
  ['json', 'feed.json'],
];

const SITE_ROUTES: RouteTable<SitePipeline> = [
  { method: 'GET', url: '/favicon.ico', handler: favicon },
  { method: 'GET', url: '/', handler: front },
  { method: 'GET', url: '/latest', handler: latest },
  { method: 'GET', url: '/newsletter', handler: newsletter },
  { method: 'GET', url: '/search', handler: search },
  ...LISTING_KINDS.map((kind) => ({ method: 'GET' as const, url: `/${kind}/:slug`, handler: listing(kind) })),
  ...FEED_FILES.flatMap(([format, file]) => [
    { method: 'GET' as const, url: `/${file}`, handler: siteFeed(format) },
    ...LISTING_KINDS.map((kind) => ({ method: 'GET' as const, url: `/${kind}/:slug/${file}`, handler: listingFeed(kind, format) })),
  ]),
  { method: 'GET', url: '/sitemap.xml', handler: sitemap },
  { method: 'GET', url: '/news-sitemap.xml', handler: newsMap },
  { method: 'GET', url: '/sitemaps/:file', handler: sitemapPart },
  { method: 'GET', url: '/robots.txt', handler: robots },
  { method: 'GET', url: '/:slug', handler: article },
  { method: 'GET', url: '/:slug/body', handler: articleBody },
];

export function registerSiteRoutes(app: FastifyInstance, options: SiteOptions): void {
  const site = sitePipeline(options);
  app.decorate('sendErrorPage', (reply: FastifyReply, status: number, title: string, message: string) =>
    sendError(site, reply, status, title, message),
  );
  app.decorate('renderArticlePreview', (articleId: number) => previewArticle(site, articleId));
  registerRoutes(app, site, SITE_ROUTES);
  registerIssueWebVersion(app, options);
  app.setNotFoundHandler((request, reply) => sendNotFound(site, request, reply));
}

function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage) {
  reply
    .type('text/html; charset=utf-8')
    .header('Cache-Control', PAGE_CACHE_CONTROL)
    .header('ETag', page.etag)
    .header('Vary', 'Accept-Encoding')
    .header('Content-Security-Policy', contentSecurityPolicy(page.nonce));
  if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
  const accepts = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepts)) return reply.header('Content-Encoding', 'br').send(encodedBody(page, 'br'));
  if (/\bgzip\b/.test(accepts)) return reply.header('Content-Encoding', 'gzip').send(encodedBody(page, 'gzip'));
  return reply.send(page.identity);
}

declare module 'fastify' {
  interface FastifyInstance {
    sendErrorPage(reply: FastifyReply, status: number, title: string, message: string): Promise<FastifyReply>;
    renderArticlePreview(articleId: number): Promise<{ html: string; nonce: string } | null>;
  }
}
