import { createHash, randomBytes } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Rendered reader pages kept in memory, each encoding compressed once. An entry is valid for one
// content version (any write bumps it) and at most `ttlMs`, so scheduled stories appear
// on time. The cache is safe to lose: a miss just renders again.

export type ContentEncoding = 'br' | 'gzip';

export interface CachedPage {
  version: number;
  createdAt: number;
  etag: string;
  /** The CSP nonce baked into this rendering (docs/decisions/0003-page-cache-and-nonces.md). */
  nonce: string;
  identity: Buffer;
  /** Compressed bodies, made on the first request that accepts each encoding. */
  encoded: Partial<Record<ContentEncoding, Buffer>>;
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function cachePage(html: string, nonce: string, version: number): CachedPage {
  const identity = Buffer.from(html, 'utf8');
  return {
    version,
    createdAt: Date.now(),
    etag: `"${createHash('sha1').update(identity).digest('base64url')}"`,
    nonce,
    identity,
    encoded: {},
  };
}

export function encodedBody(page: CachedPage, encoding: ContentEncoding): Buffer {
  const done = page.encoded[encoding];
  if (done) return done;
  const body =
    encoding === 'br'
      ? brotliCompressSync(page.identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
      : gzipSync(page.identity, { level: 6 });
  page.encoded[encoding] = body;
  return body;
}

/**
 * Pages vary by path and `?page=` only, so other query strings (tracking tags, cache
 * busters) share one entry instead of filling the cache with copies.
 */
export function cacheKey(url: string): string {
  const parsed = new URL(url, 'http://cache.invalid');
  const page = parsed.searchParams.getAll('page');
  return page.length ? `${parsed.pathname}?${page.map((p) => `page=${encodeURIComponent(p)}`).join('&')}` : parsed.pathname;
}

export class PageCache {
  readonly #entries = new Map<string, CachedPage>();

  constructor(
    private readonly maxEntries = 2000,
    private readonly ttlMs = 60_000,
  ) {}

  get(key: string, version: number): CachedPage | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version || Date.now() - entry.createdAt > this.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    // Re-insert so the Map's order is least recently used first.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  set(key: string, page: CachedPage): void {
    this.#entries.delete(key);
    this.#entries.set(key, page);
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}
