import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderErrorPage } from '../render/html/pages.js';
import type { AssetsView, PageContext } from '../render/html/view-model.js';
import { ALL_LIST_KEY, DOCUMENTS_KEY, SITE_KEY } from '../content/cache-keys.js';
import { cacheKey, cachePage, newNonce, type CachedPage, PageCache, type PageCacheLimits } from '../http/page-cache.js';
import { isNotModified } from '../http/conditional-get.js';
import { registerRoutes, type RouteHandler, type RouteTable } from '../http/route-table.js';
import { contentSecurityPolicy } from '../http/security-headers.js';
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
import { followContentChanges, type ContentFollower } from './content-follower.js';
import type { Changes } from '../store/publication/content-changes.js';
import { registerIssueWebVersion } from './newsletter-issue-page.js';
import { serveLiveFeed } from './live-feed-route.js';
import { redirectForMissingPage, redirectForOldQueryLink, sendRedirect } from './redirect-lookup.js';

// The reader site's routes (SPEC §4). Each page handler (article-page.ts, front-page.ts…)
// decides a PageResult; the pipeline here turns results into responses and keeps rendered
// pages in the page cache. The route table at the bottom says which handler serves which
// URL.

export interface SiteOptions {
  /** The primary: private previews read it, so an editor sees the save just made. */
  db: Db;
  /** Where reader pages and the change log are read (a replica, or the primary). */
  readerDb?: Db;
  dialect: DialectOperations;
  siteUrl: string;
  assets: AssetsView;
  /** Bounds of the in-memory page cache (PAGE_CACHE_MB). */
  pageCache?: PageCacheLimits;
  /** Told of every content change this process learns of (the CDN purge is sent from it). */
  onContentChanges?: (changes: Changes) => void;
}

/** Where a page is cached and under which key (null: not cached). */
interface Keyed {
  cache: PageCache;
  key(request: FastifyRequest): string | null;
}

type Handler = (deps: ReaderDeps, request: FastifyRequest) => Promise<PageResult> | PageResult;

// Shared caches (a CDN) keep pages a minute and may serve a stale copy while they fetch a
// new one; every change is also purged there by its keys, so the minute is a safety net.
const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300';
const FEED_CACHE_CONTROL = 'public, max-age=300, s-maxage=300, stale-while-revalidate=600';
const REDIRECT_CACHE_CONTROL = 'public, max-age=300';

type DocumentHandler = (deps: ReaderDeps, request: FastifyRequest) => Promise<StreamedDocument | null>;

/** One app's reader pipeline: its page caches, the site basics, and its view of the change log. */
interface SitePipeline {
  options: SiteOptions;
  follower: ContentFollower;
  cache: PageCache;
  /** Search pages vary by query, which readers (or a flood of made-up queries) choose
   * freely: they get their own small cache, so they can only ever evict each other. */
  searchCache: PageCache;
  basics: BasicsCache;
  sharedLists: ReturnType<typeof sharedListsLoader>;
}

const readerDb = (options: SiteOptions): Db => options.readerDb ?? options.db;

function sitePipeline(options: SiteOptions, follower: ContentFollower): SitePipeline {
  const site = {
    options,
    follower,
    cache: new PageCache(options.pageCache),
    searchCache: new PageCache({ name: 'search', maxEntries: 200, maxBytes: 4 * 1024 * 1024, ttlMs: 30_000 }),
    basics: basicsCache(options),
    sharedLists: sharedListsLoader(readerDb(options)),
  };
  follower.onChanges((changes) => applyChanges(site, changes));
  return site;
}

/** Drops what a change made stale: the pages sharing its keys, and the shared reads it touched. */
function applyChanges(site: SitePipeline, changes: Changes): void {
  const keys = changes.kind === 'all' ? [SITE_KEY] : [...new Set(changes.changes.flatMap((c) => c.keys))];
  site.cache.invalidate(keys);
  site.searchCache.invalidate(keys);
  if (keys.includes(SITE_KEY)) site.basics.reset();
  if (keys.some((k) => k === SITE_KEY || k === ALL_LIST_KEY || k.startsWith('list:section:'))) site.sharedLists.reset();
  site.options.onContentChanges?.(changes);
}

interface BasicsCache {
  get(): Promise<SiteBasics>;
  /** Settings, navigation or names changed: read again on next use. */
  reset(): void;
  /** The error page must render even when the database cannot be read. */
  forErrorPage(): Promise<SiteBasics>;
}

/** The publication's basics, read once until a site-wide change; a failed read is not kept. */
function basicsCache(options: SiteOptions): BasicsCache {
  let basics: Promise<SiteBasics> | null = null;
  let lastGoodBasics: SiteBasics | null = null;
  const get = () => {
    if (!basics) {
      const value = readSiteBasics(readerDb(options), options.siteUrl, options.assets.icon);
      basics = value;
      value.then(
        (loaded) => (lastGoodBasics = loaded),
        () => {
          if (basics === value) basics = null;
        },
      );
    }
    return basics;
  };
  const forErrorPage = async () => {
    try {
      return await get();
    } catch {
      return lastGoodBasics ?? emptyBasics(options.siteUrl, options.assets.icon);
    }
  };
  return { get, reset: () => (basics = null), forErrorPage };
}

const context = (site: SitePipeline, basics: SiteBasics, nonce: string): PageContext => ({
  publication: basics.publication,
  assets: site.options.assets,
  nonce,
});

function readerDeps(site: SitePipeline, basics: SiteBasics, nonce: string, keys: Set<string>, db = readerDb(site.options)): ReaderDeps {
  return {
    db,
    dialect: site.options.dialect,
    basics,
    ctx: context(site, basics, nonce),
    now: new Date().toISOString(),
    sharedLists: () => site.sharedLists.get(basics),
    dependsOn: (...shown) => {
      for (const key of shown) keys.add(key);
    },
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
  const redirect = await redirectForMissingPage(readerDb(site.options), request);
  if (redirect) return sendRedirect(reply, redirect);
  return sendError(site, reply, 404, page.title, page.message);
}

type Rendered = { result: Exclude<PageResult, { type: 'html' }> } | { result: Extract<PageResult, { type: 'html' }>; page: CachedPage };

/** Runs a page's handler and records what the page shows. */
async function render(site: SitePipeline, request: FastifyRequest, handler: Handler): Promise<Rendered> {
  const basics = await site.basics.get();
  const nonce = newNonce();
  const keys = new Set<string>();
  const result = await handler(readerDeps(site, basics, nonce, keys), request);
  return result.type === 'html' ? { result, page: cachePage(result.html, nonce, [...keys]) } : { result };
}

/**
 * A page: fresh from the cache; else rendered once for all concurrent requests of its key,
 * the others getting the stale copy meanwhile if there is one (within the cache's bound).
 */
async function servePage(
  site: SitePipeline,
  request: FastifyRequest,
  reply: FastifyReply,
  handler: Handler,
  keyed: Keyed = { cache: site.cache, key: (r) => cacheKey(r.url) },
) {
  await site.follower.current();
  const key = keyed.key(request);
  const { cache } = keyed;
  const found = key === null ? undefined : cache.get(key);
  if (found && key !== null && (found.fresh || cache.rendering(key))) return sendPage(request, reply, found.page, key, cache);
  const rendered =
    key === null
      ? await render(site, request, handler)
      : await cache.renderOnce(key, async (store) => {
          const done = await render(site, request, handler);
          if ('page' in done) store(done.page);
          return done;
        });
  if ('page' in rendered) return sendPage(request, reply, rendered.page, key, cache);
  const { result } = rendered;
  switch (result.type) {
    case 'redirect':
      return reply
        .code(result.status)
        .header('Cache-Control', REDIRECT_CACHE_CONTROL)
        .header('Surrogate-Key', SITE_KEY)
        .header('Cache-Tag', SITE_KEY)
        .redirect(result.location, result.status);
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
  const version = await site.follower.current();
  const document = await handler(readerDeps(site, await site.basics.get(), '', new Set()), request);
  if (!document) return sendNotFound(site, request, reply);
  // Any write may change a name or a body these documents carry, so the version is in the tag.
  const etag = etagOf(document.etag, version);
  reply
    .type(document.contentType)
    .header('Cache-Control', FEED_CACHE_CONTROL)
    .header('ETag', etag)
    .header('Surrogate-Key', `${SITE_KEY} ${DOCUMENTS_KEY}`)
    .header('Cache-Tag', `${SITE_KEY},${DOCUMENTS_KEY}`);
  if (document.lastModified) reply.header('Last-Modified', new Date(document.lastModified).toUTCString());
  if (isNotModified(request.headers, etag, document.lastModified)) return reply.code(304).send();
  return reply.send(Readable.from(document.body()));
}

/** Private previews render like the article page but bypass the page cache entirely. */
async function previewArticle(site: SitePipeline, articleId: number) {
  const nonce = newNonce();
  const html = await articlePreview(readerDeps(site, await site.basics.get(), nonce, new Set(), site.options.db), articleId);
  return html === null ? null : { html, nonce };
}

type SiteRoute = RouteHandler<SitePipeline>;
const slug = (request: FastifyRequest) => (request.params as { slug: string }).slug;
const pageParam = (request: FastifyRequest) => (request.query as { page?: unknown }).page;

const favicon: SiteRoute = (site, _request, reply) =>
  reply.header('Cache-Control', 'public, max-age=86400').redirect(site.options.assets.icon, 301);
// Before the page cache, whose key ignores these parameters.
const front: SiteRoute = async (site, request, reply) => {
  const redirect = await redirectForOldQueryLink(readerDb(site.options), request);
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
const liveJson: SiteRoute = async (site, request, reply) => {
  await site.follower.current();
  return serveLiveFeed(readerDeps(site, await site.basics.get(), '', new Set()), request, reply);
};
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
  { method: 'GET', url: '/:slug/live.json', handler: liveJson },
];

export function registerSiteRoutes(app: FastifyInstance, options: SiteOptions): void {
  const follower = followContentChanges(readerDb(options), options.dialect, app.log);
  app.addHook('onClose', () => follower.stop());
  const site = sitePipeline(options, follower);
  app.decorate('sendErrorPage', (reply: FastifyReply, status: number, title: string, message: string) =>
    sendError(site, reply, status, title, message),
  );
  app.decorate('renderArticlePreview', (articleId: number) => previewArticle(site, articleId));
  app.decorate('contentFollower', follower);
  registerRoutes(app, site, SITE_ROUTES);
  registerIssueWebVersion(app, options);
  app.setNotFoundHandler((request, reply) => sendNotFound(site, request, reply));
}

function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage, key: string | null, cache: PageCache) {
  reply.headers({
    'content-type': 'text/html; charset=utf-8',
    'cache-control': PAGE_CACHE_CONTROL,
    'surrogate-key': page.headers.surrogateKey,
    'cache-tag': page.headers.cacheTag,
    etag: page.etag,
    vary: 'Accept-Encoding',
    'content-security-policy': page.headers.csp,
  });
  if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
  const accepts = String(request.headers['accept-encoding'] ?? '');
  const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
  if (!encoding) return reply.send(page.identity);
  const body = cache.encoded(key, page, encoding);
  return reply.header('Content-Encoding', encoding).send(body);
}

declare module 'fastify' {
  interface FastifyInstance {
    sendErrorPage(reply: FastifyReply, status: number, title: string, message: string): Promise<FastifyReply>;
    renderArticlePreview(articleId: number): Promise<{ html: string; nonce: string } | null>;
    /** This process's view of the content change log (tests await its sync). */
    contentFollower: ContentFollower;
  }
}
