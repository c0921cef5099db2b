import { createHash, randomBytes } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { SITE_KEY } from '../content/cache-keys.js';
import { contentSecurityPolicy } from './security-headers.js';

// Rendered reader pages kept in memory, each encoding compressed once. A page records the
// dependency keys of what it shows (content/cache-keys.ts); a content change marks stale
// only the pages sharing a key with it. A stale page is rendered again by the first request
// that wants it, while concurrent readers keep getting the stale copy for a bounded time
// (single flight, stale-while-revalidate). The cache is bounded in bytes and entries, and
// is safe to lose: a miss just renders again.

export type ContentEncoding = 'br' | 'gzip';

export interface CachedPage {
  createdAt: number;
  etag: string;
  /** The CSP nonce baked into this rendering (docs/decisions/0003-page-cache-and-nonces.md). */
  nonce: string;
  /** What the page shows, as dependency keys. */
  keys: readonly string[];
  /** Header values made once per rendering rather than once per response. */
  headers: { csp: string; surrogateKey: string; cacheTag: string };
  identity: Buffer;
  /** Compressed bodies, made on the first request that accepts each encoding. */
  encoded: Partial<Record<ContentEncoding, Buffer>>;
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function cachePage(html: string, nonce: string, keys: readonly string[]): CachedPage {
  const identity = Buffer.from(html, 'utf8');
  // A CDN purge of `site` must reach every page, so every page carries it.
  const tags = keys.includes(SITE_KEY) ? keys : [SITE_KEY, ...keys];
  return {
    createdAt: Date.now(),
    etag: `"${createHash('sha1').update(identity).digest('base64url')}"`,
    nonce,
    keys,
    headers: { csp: contentSecurityPolicy(nonce), surrogateKey: tags.join(' '), cacheTag: tags.join(',') },
    identity,
    encoded: {},
  };
}

function compress(page: CachedPage, encoding: ContentEncoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(page.identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
    : gzipSync(page.identity, { level: 6 });
}

const sizeOf = (page: CachedPage) => page.identity.length + (page.encoded.br?.length ?? 0) + (page.encoded.gzip?.length ?? 0);

/**
 * Pages vary by path and `?page=` only, so other query strings (tracking tags, cache
 * busters) share one entry instead of filling the cache with copies.
 */
export function cacheKey(url: string): string {
  const parsed = new URL(url, 'http://cache.invalid');
  const page = parsed.searchParams.getAll('page');
  return page.length ? `${parsed.pathname}?${page.map((p) => `page=${encodeURIComponent(p)}`).join('&')}` : parsed.pathname;
}

export type LookupOutcome = 'hit' | 'stale' | 'miss';

/**
 * Lookups of every page cache in this process since start, by cache name and outcome
 * (/metrics). Process-wide on purpose: a scrape reads the process, however many apps
 * it built.
 */
export const pageCacheLookups = new Map<string, Record<LookupOutcome, number>>();

function lookupCounter(name: string): Record<LookupOutcome, number> {
  let counts = pageCacheLookups.get(name);
  if (!counts) pageCacheLookups.set(name, (counts = { hit: 0, stale: 0, miss: 0 }));
  return counts;
}

export interface PageCacheLimits {
  /** Names this cache in /metrics (default "pages"). */
  name?: string;
  /** Bodies held, all encodings counted (default 32 MB). */
  maxBytes?: number;
  maxEntries?: number;
  /** A page older than this is rendered again, whatever changed (default 60 s). */
  ttlMs?: number;
  /** How long after going stale a page may still be served while it is rendered again (default 10 s). */
  staleMs?: number;
}

interface Entry {
  page: CachedPage;
  bytes: number;
  /** When a change made it stale (or null while fresh). */
  staleSince: number | null;
}

export type Lookup = { page: CachedPage; fresh: boolean } | undefined;

export class PageCache {
  readonly #entries = new Map<string, Entry>();
  /** Dependency key → the cache keys of the pages showing it. */
  readonly #dependents = new Map<string, Set<string>>();
  /** Renders in flight, by cache key, so concurrent misses share one. */
  readonly #renders = new Map<string, { result: Promise<unknown>; tainted: boolean }>();
  readonly #maxBytes: number;
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #staleMs: number;
  #bytes = 0;
  readonly #lookups: Record<LookupOutcome, number>;

  constructor({ name = 'pages', maxBytes = 32 * 1024 * 1024, maxEntries = 5000, ttlMs = 60_000, staleMs = 10_000 }: PageCacheLimits = {}) {
    this.#lookups = lookupCounter(name);
    this.#maxBytes = maxBytes;
    this.#maxEntries = maxEntries;
    this.#ttlMs = ttlMs;
    this.#staleMs = staleMs;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The page for this key: fresh, or stale (to be served only while another request renders it). */
  get(key: string, now = Date.now()): Lookup {
    const entry = this.#entries.get(key);
    if (!entry) {
      this.#lookups.miss++;
      return undefined;
    }
    if (entry.staleSince === null && now - entry.page.createdAt > this.#ttlMs) entry.staleSince = entry.page.createdAt + this.#ttlMs;
    if (entry.staleSince !== null && now - entry.staleSince > this.#staleMs) {
      this.#remove(key);
      this.#lookups.miss++;
      return undefined;
    }
    // Re-insert so the Map's order is least recently used first.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#lookups[entry.staleSince === null ? 'hit' : 'stale']++;
    return { page: entry.page, fresh: entry.staleSince === null };
  }

  /** Whether a render of this key is in flight (so a stale copy may be served meanwhile). */
  rendering(key: string): boolean {
    return this.#renders.has(key);
  }

  /**
   * Runs `render` once for concurrent callers of the same key. When a change arrives
   * while it runs, what it stores is stored stale: it may predate the change.
   */
  renderOnce<T>(key: string, render: (store: (page: CachedPage) => void) => Promise<T>): Promise<T> {
    const inFlight = this.#renders.get(key);
    if (inFlight) return inFlight.result as Promise<T>;
    const flight = { result: Promise.resolve() as Promise<unknown>, tainted: false };
    const result = render((page) => this.set(key, page, flight.tainted)).finally(() => this.#renders.delete(key));
    flight.result = result;
    this.#renders.set(key, flight);
    return result;
  }

  set(key: string, page: CachedPage, stale = false): void {
    this.#remove(key);
    const entry: Entry = { page, bytes: sizeOf(page), staleSince: stale ? Date.now() : null };
    if (entry.bytes > this.#maxBytes) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    for (const dependency of page.keys) {
      let keys = this.#dependents.get(dependency);
      if (!keys) this.#dependents.set(dependency, (keys = new Set()));
      keys.add(key);
    }
    this.#evict();
  }

  /** The page's body in this encoding, compressed on first use and counted against the bound. */
  encoded(key: string | null, page: CachedPage, encoding: ContentEncoding): Buffer {
    const done = page.encoded[encoding];
    if (done) return done;
    const body = compress(page, encoding);
    page.encoded[encoding] = body;
    const entry = key === null ? undefined : this.#entries.get(key);
    if (entry?.page === page) {
      this.#bytes += body.length;
      entry.bytes += body.length;
      this.#evict();
    }
    return body;
  }

  /** Marks stale every page showing one of these keys; returns how many. */
  invalidate(keys: Iterable<string>, now = Date.now()): number {
    for (const flight of this.#renders.values()) flight.tainted = true;
    const wanted = [...keys];
    const targets = wanted.includes(SITE_KEY) ? this.#entries.keys() : wanted.flatMap((k) => [...(this.#dependents.get(k) ?? [])]);
    let marked = 0;
    for (const key of targets) {
      const entry = this.#entries.get(key);
      if (entry && entry.staleSince === null) {
        entry.staleSince = now;
        marked++;
      }
    }
    return marked;
  }

  #evict(): void {
    while (this.#bytes > this.#maxBytes || this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#remove(oldest);
    }
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    for (const dependency of entry.page.keys) {
      const keys = this.#dependents.get(dependency);
      keys?.delete(key);
      if (keys?.size === 0) this.#dependents.delete(dependency);
    }
  }
}
