import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderErrorPage } from '../render/html/pages.js';
import type { AssetsView, PageContext } from '../render/view-model.js';
import { cacheKey, cachePage, encodedBody, newNonce, type CachedPage, PageCache } from '../http/page-cache.js';
import { contentSecurityPolicy } from '../http/security-headers.js';
import { contentVersion } from '../store/reader-repository.js';
import type { Db } from '../store/store.js';
import { articleBodyFragment, articlePage, notFound } from './article-page.js';
import { frontPage, newsletterPage } from './front-page.js';
import { latestPage, listingPage } from './listing-pages.js';
import { searchCacheKey, searchPage } from './search-page.js';
import type { PageResult, ReaderDeps } from './page-result.js';
import { emptyBasics, readSiteBasics, type SiteBasics } from './site-basics.js';
import { sharedListsLoader } from './shared-lists.js';

// The reader site's routes (SPEC §4). Each handler decides a PageResult; this file turns
// results into responses and keeps rendered pages in the page cache.

export interface SiteOptions {
  db: Db;
  engine: 'sqlite' | 'postgres';
  siteUrl: string;
  assets: AssetsView;
}

/** Where a page is cached and under which key (null: not cached). */
interface Keyed { cache: PageCache; key(request: FastifyRequest): string | null }

type Handler = (deps: ReaderDeps, request: FastifyRequest) => Promise<PageResult> | PageResult;

const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300';

export function registerSiteRoutes(app: FastifyInstance, options: SiteOptions): void {
  const cache = new PageCache();
  const sharedLists = sharedListsLoader(options.db);
  let basics: { version: number; value: Promise<SiteBasics> } | null = null;
  let lastGoodBasics: SiteBasics | null = null;
  const basicsFor = (version: number) => {
    if (!basics || basics.version !== version) {
      const value = readSiteBasics(options.db, options.siteUrl);
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
      return lastGoodBasics ?? emptyBasics(options.siteUrl);
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
      db: options.db, engine: options.engine, basics: site, ctx: context(site, nonce), now: new Date().toISOString(),
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

  const slug = (request: FastifyRequest) => (request.params as { slug: string }).slug;
  const pageParam = (request: FastifyRequest) => (request.query as { page?: unknown }).page;

  app.get('/favicon.ico', (_request, reply) => reply.header('Cache-Control', 'public, max-age=86400').redirect(options.assets.icon, 301));
  app.get('/', page(frontPage));
  app.get('/latest', page((deps, request) => latestPage(deps, pageParam(request))));
  app.get('/newsletter', page(newsletterPage));
  app.get('/search', page((deps, request) => searchPage(deps, request.query as Record<string, unknown>), {
    cache: searchCache, key: (request) => searchCacheKey(request.query as Record<string, unknown>),
  }));
  for (const kind of ['section', 'tag', 'author'] as const) {
    app.get(`/${kind}/:slug`, page((deps, request) => listingPage(deps, kind, slug(request), pageParam(request))));
  }
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
  }
}
