import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderErrorPage } from '../render/html/pages.js';
import type { AssetsView, PageContext } from '../render/html/view-model.js';
import { cacheKey, cachePage, encodedBody, newNonce, type CachedPage, PageCache } from '../http/page-cache.js';
import { isNotModified } from '../http/conditional-get.js';
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

// The reader site's routes (SPEC §4). Each handler decides a PageResult; this file turns
// results into responses and keeps rendered pages in the page cache.

export interface SiteOptions {
  db: Db;
  dialect: DialectOperations;
  siteUrl: string;
  assets: AssetsView;
}

/** Where a page is cached and under which key (null: not cached). */
interface Keyed { cache: PageCache; key(request: FastifyRequest): string | null }

type Handler = (deps: ReaderDeps, request: FastifyRequest) => Promise<PageResult> | PageResult;

const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300';
const FEED_CACHE_CONTROL = 'public, max-age=300, s-maxage=300, stale-while-revalidate=600';

type DocumentHandler = (deps: ReaderDeps, request: FastifyRequest) => Promise<StreamedDocument | null>;

export function registerSiteRoutes(app: FastifyInstance, options: SiteOptions): void {
  const cache = new PageCache();
  const sharedLists = sharedListsLoader(options.db);
  let basics: { version: number; value: Promise<SiteBasics> } | null = null;
  let lastGoodBasics: SiteBasics | null = null;
  const basicsFor = (version: number) => {
    if (!basics || basics.version !== version) {
      const value = readSiteBasics(options.db, options.siteUrl, options.assets.icon);
      basics = { version, value };
      value.then((loaded) => (lastGoodBasics = loaded), () => (basics = null));
    }
    return basics.value;
  };
  const context = (site: SiteBasics, nonce: string): PageContext => ({ publication: site.publication, assets: options.assets, nonce });

  /** The error page must render even when the database cannot be read. */
  async function errorBasics(): Promise<SiteBasics> {
    try {
      return await basicsFor(await contentVersion(options.db));
    } catch {
      basics = null;
      return lastGoodBasics ?? emptyBasics(options.siteUrl, options.assets.icon);
    }
  }

  async function sendError(reply: FastifyReply, status: number, title: string, message: string) {
    const site = await errorBasics();
    const nonce = newNonce();
    return reply.code(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store')
      .header('Content-Security-Policy', contentSecurityPolicy(nonce))
      .send(renderErrorPage(context(site, nonce), { status, title, message }));
  }
  app.decorate('sendErrorPage', sendError);

  // Search pages vary by query, which readers (or a flood of made-up queries) choose
  // freely: they get their own small cache, so they can only ever evict each other.
  const searchCache = new PageCache(200, 30_000);

  const page = (handler: Handler, keyed: Keyed = { cache, key: (request) => cacheKey(request.url) }) => async (request: FastifyRequest, reply: FastifyReply) => {
    const version = await contentVersion(options.db);
    const key = keyed.key(request);
    const cached = key === null ? undefined : keyed.cache.get(key, version);
    if (cached) return sendPage(request, reply, cached);
    const site = await basicsFor(version);
    const nonce = newNonce();
    const result = await handler({
      db: options.db, dialect: options.dialect, basics: site, ctx: context(site, nonce), now: new Date().toISOString(),
      sharedLists: () => sharedLists(version, site),
    }, request);
    switch (result.type) {
      case 'html': {
        const entry = cachePage(result.html, nonce, version);
        if (key !== null) keyed.cache.set(key, entry);
        return sendPage(request, reply, entry);
      }
      case 'redirect':
        return reply.code(result.status).header('Cache-Control', 'public, max-age=300').redirect(result.location, result.status);
      case 'error':
        return sendError(reply, result.status, result.title, result.message);
      default: {
        const unreachable: never = result;
        throw new Error(`unknown page result ${JSON.stringify(unreachable)}`);
      }
    }
  };

  // Private previews render like the article page but bypass the page cache entirely.
  app.decorate('renderArticlePreview', async (articleId: number) => {
    const version = await contentVersion(options.db);
    const site = await basicsFor(version);
    const nonce = newNonce();
    const html = await articlePreview({
      db: options.db, dialect: options.dialect, basics: site, ctx: context(site, nonce), now: new Date().toISOString(),
      sharedLists: () => sharedLists(version, site),
    }, articleId);
    return html === null ? null : { html, nonce };
  });

  /** Feeds and sitemaps: validators first, 304 when they match, else the body streamed. */
  const streamed = (handler: DocumentHandler) => async (request: FastifyRequest, reply: FastifyReply) => {
    const version = await contentVersion(options.db);
    const site = await basicsFor(version);
    const document = await handler({
      db: options.db, dialect: options.dialect, basics: site, ctx: context(site, ''), now: new Date().toISOString(),
      sharedLists: () => sharedLists(version, site),
    }, request);
    if (!document) {
      const { title, message } = notFound();
      return sendError(reply, 404, title, message);
    }
    // Any write may change a name or a body these documents carry, so the version is in the tag.
    const etag = etagOf(document.etag, version);
    reply.type(document.contentType).header('Cache-Control', FEED_CACHE_CONTROL).header('ETag', etag);
    if (document.lastModified) reply.header('Last-Modified', new Date(document.lastModified).toUTCString());
    if (isNotModified(request.headers, etag, document.lastModified)) return reply.code(304).send();
    return reply.send(Readable.from(document.body()));
  };

  const slug = (request: FastifyRequest) => (request.params as { slug: string }).slug;
  const pageParam = (request: FastifyRequest) => (request.query as { page?: unknown }).page;

  app.get('/favicon.ico', (_request, reply) => reply.header('Cache-Control', 'public, max-age=86400').redirect(options.assets.icon, 301));
  app.get('/', page(frontPage));
  app.get('/latest', page((deps, request) => latestPage(deps, pageParam(request))));
  app.get('/newsletter', page(newsletterPage));
  registerIssueWebVersion(app, options);
  app.get('/search', page((deps, request) => searchPage(deps, request.query as Record<string, unknown>), {
    cache: searchCache, key: (request) => searchCacheKey(request.query as Record<string, unknown>),
  }));
  for (const kind of ['section', 'tag', 'author'] as const) {
    app.get(`/${kind}/:slug`, page((deps, request) => listingPage(deps, kind, slug(request), pageParam(request))));
  }
  const feeds: Array<[FeedFormat, string]> = [['rss', 'feed.xml'], ['json', 'feed.json']];
  for (const [format, file] of feeds) {
    app.get(`/${file}`, streamed((deps) => feedDocument(deps, { kind: 'site' }, format)));
    for (const kind of ['section', 'tag', 'author'] as const) {
      const scope = (request: FastifyRequest): FeedScope => ({ kind, slug: slug(request) });
      app.get(`/${kind}/:slug/${file}`, streamed((deps, request) => feedDocument(deps, scope(request), format)));
    }
  }
  app.get('/sitemap.xml', streamed((deps) => sitemapIndex(deps)));
  app.get('/news-sitemap.xml', streamed((deps) => newsSitemap(deps)));
  app.get('/sitemaps/:file', streamed(async (deps, request) => {
    const file = (request.params as { file: string }).file;
    if (file === 'pages.xml') return pagesSitemap(deps);
    const page = /^stories-([1-9][0-9]{0,5})\.xml$/.exec(file)?.[1];
    return page ? storySitemap(deps, Number(page)) : null;
  }));
  app.get('/robots.txt', (_request, reply) => reply.type('text/plain; charset=utf-8')
    .header('Cache-Control', 'public, max-age=3600').send(robotsTxt(options.siteUrl)));
  app.get('/:slug', page((deps, request) => articlePage(deps, slug(request))));
  app.get('/:slug/body', page((deps, request) => articleBodyFragment(deps, slug(request))));
  app.setNotFoundHandler((_request, reply) => {
    const { title, message } = notFound();
    return sendError(reply, 404, title, message);
  });
}

function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage) {
  reply.type('text/html; charset=utf-8')
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
