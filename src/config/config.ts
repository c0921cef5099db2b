import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { parseCdnSettings, type CdnSettings } from '../cdn/cdn-settings.js';
import { OVERLOAD_DEFAULTS, type OverloadSettings } from '../http/overload-settings.js';
import type { HttpTimeouts } from '../http/server-timeouts.js';
import { LIVE_STREAM_DEFAULT_MAX_CONNECTIONS } from '../live/live-hub.js';
import type { MediaLimits } from '../media/media-limits.js';
import { parseTrustProxy, type TrustProxy } from '../http/trusted-proxy.js';

// Settings come from the environment (SPEC §2) and are validated once at start, so a
// typo in PORT or DATABASE_URL stops the process with a message instead of a late crash.

const POOL_SIZE_RULE = 'must be a whole number from 1 to 200';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SITE_URL: z.string().url().optional(),
  DATABASE_URL: z.string().min(1).default('file:./data/masthead.db'),
  /** PostgreSQL only: connections this process keeps open (the store's default when unset). */
  DATABASE_POOL_SIZE: z.coerce
    .number({ invalid_type_error: POOL_SIZE_RULE })
    .int(POOL_SIZE_RULE)
    .min(1, POOL_SIZE_RULE)
    .max(200, POOL_SIZE_RULE)
    .optional(),
  /** PostgreSQL only: a connection that bypasses PgBouncer, for LISTEN (defaults to DATABASE_URL). */
  DATABASE_DIRECT_URL: z.string().min(1).optional(),
  /** PostgreSQL only: a read replica for reader queries, which fall back to the primary when it is down. */
  DATABASE_REPLICA_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  MEDIA_DIR: z.string().min(1).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().optional(),
  /** DKIM signing of every outgoing message: all three or none. */
  DKIM_DOMAIN: z.string().min(1).optional(),
  DKIM_SELECTOR: z.string().min(1).optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  /** Shared with the mail provider that posts bounces and complaints to /newsletter/events. */
  NEWSLETTER_EVENTS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SECRET_KEY: z.string().min(32).optional(),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  PAGE_CACHE_MB: z.coerce.number().min(0).max(4096).default(32),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Test-only: lets webhooks reach loopback/private targets ("1", or a list of ports). */
  MASTHEAD_OUTBOUND_ALLOW_PRIVATE: z.string().optional(),
  /** Reverse proxies whose X-Forwarded-For is believed: off, a hop count, or IPs/CIDRs (docs/trusted-proxy.md). */
  TRUST_PROXY: z.string().optional(),
  /** Enables /metrics behind `Authorization: Bearer <token>` (docs/operations.md). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Overload guard (docs/operations.md): 503 once the event loop lags this much (ms), or this many requests are in flight. */
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(10).max(60_000).default(OVERLOAD_DEFAULTS.maxEventLoopDelayMs),
  OVERLOAD_MAX_IN_FLIGHT: z.coerce.number().int().min(0).max(100_000).default(OVERLOAD_DEFAULTS.maxInFlight),
  /** Limits on uploads, imports and slow clients (docs/limits.md). */
  MEDIA_MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(20),
  MEDIA_MAX_PIXELS: z.coerce.number().int().min(10_000).max(268_402_689).default(40_000_000),
  UPLOAD_TMP_DIR: z.string().min(1).optional(),
  IMPORT_MAX_MB: z.coerce.number().positive().max(16_384).default(200),
  HTTP_HEADERS_TIMEOUT_S: z.coerce.number().min(1).max(3600).default(20),
  HTTP_REQUEST_TIMEOUT_S: z.coerce.number().min(1).max(3600).default(60),
  HTTP_KEEP_ALIVE_TIMEOUT_S: z.coerce.number().min(1).max(3600).default(5),
  /** Live coverage's Server-Sent Events readers one process holds; past it new ones get 503 (docs/live-coverage.md). */
  LIVE_STREAM_MAX_CONNECTIONS: z.coerce.number().int().min(0).max(1_000_000).default(LIVE_STREAM_DEFAULT_MAX_CONNECTIONS),
});

/**
 * PostgreSQL's optional settings default in the store: `poolSize` to its default pool,
 * `directUrl` to `url`, and no replica.
 */
export type Database =
  { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string; poolSize?: number; directUrl?: string; replicaUrl?: string };

export interface Config {
  port: number;
  host: string;
  siteUrl: string;
  database: Database;
  dataDir: string;
  mediaDir: string;
  smtpUrl: string | null;
  mailFrom: string;
  dkim: { domainName: string; keySelector: string; privateKey: string } | null;
  newsletterEventsSecret: string | null;
  secretKey: string;
  webConcurrency: number;
  /** Rendered reader pages kept in memory per process, all encodings counted. */
  pageCacheBytes: number;
  logLevel: string;
  outboundAllowPrivate: string | undefined;
  /** Who may name the client address in X-Forwarded-For (http/trusted-proxy.ts). */
  trustProxy: TrustProxy;
  /** Which CDNs are purged on change (src/cdn/cdn-settings.ts). */
  cdn: CdnSettings;
  /** Set: /metrics answers to this bearer token; null: /metrics is 404. */
  metricsToken: string | null;
  /** When requests are shed with 503 (src/http/overload-settings.ts). */
  overload: OverloadSettings;
  /** Upload size, image pixels and where uploads wait while they are checked (docs/limits.md). */
  media: MediaLimits;
  /** Largest content bundle `masthead import` reads. */
  importMaxBytes: number;
  /** How long a client may take to send headers, a whole request, and how long an idle keep-alive stays open. */
  http: HttpTimeouts;
  /** Live coverage's stream readers per process (src/live/live-stream.ts). */
  liveStreamMaxConnections: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const siteUrl = (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    siteUrl,
    database: databaseSettings(e),
    dataDir,
    mediaDir: path.resolve(e.MEDIA_DIR ?? path.join(dataDir, 'media')),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? `newsletter@${new URL(siteUrl).hostname}`,
    dkim: dkimKey(e),
    newsletterEventsSecret: e.NEWSLETTER_EVENTS_SECRET ?? null,
    secretKey: e.SECRET_KEY ?? readOrCreateSecret(dataDir),
    webConcurrency: e.WEB_CONCURRENCY,
    pageCacheBytes: Math.round(e.PAGE_CACHE_MB * 1024 * 1024),
    logLevel: e.LOG_LEVEL,
    outboundAllowPrivate: e.MASTHEAD_OUTBOUND_ALLOW_PRIVATE,
    cdn: cdnSettings(env),
    trustProxy: trustProxySetting(e.TRUST_PROXY),
    metricsToken: e.METRICS_TOKEN ?? null,
    overload: { maxEventLoopDelayMs: e.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS, maxInFlight: e.OVERLOAD_MAX_IN_FLIGHT },
    media: {
      maxUploadBytes: Math.round(e.MEDIA_MAX_UPLOAD_MB * 1024 * 1024),
      maxPixels: e.MEDIA_MAX_PIXELS,
      tmpDir: path.resolve(e.UPLOAD_TMP_DIR ?? path.join(dataDir, 'tmp')),
    },
    importMaxBytes: Math.round(e.IMPORT_MAX_MB * 1024 * 1024),
    http: httpTimeouts(e),
    liveStreamMaxConnections: e.LIVE_STREAM_MAX_CONNECTIONS,
  };
}

/** Node refuses a headers timeout longer than the whole-request one, so say so at start. */
function httpTimeouts(e: z.infer<typeof EnvSchema>): HttpTimeouts {
  if (e.HTTP_HEADERS_TIMEOUT_S > e.HTTP_REQUEST_TIMEOUT_S)
    throw new ConfigError('Invalid configuration:\nHTTP_HEADERS_TIMEOUT_S must not be longer than HTTP_REQUEST_TIMEOUT_S.');
  return {
    headersTimeoutMs: Math.round(e.HTTP_HEADERS_TIMEOUT_S * 1000),
    requestTimeoutMs: Math.round(e.HTTP_REQUEST_TIMEOUT_S * 1000),
    keepAliveTimeoutMs: Math.round(e.HTTP_KEEP_ALIVE_TIMEOUT_S * 1000),
  };
}

function trustProxySetting(text: string | undefined): TrustProxy {
  const parsed = parseTrustProxy(text);
  if (!parsed.ok) throw new ConfigError(`Invalid configuration:\nTRUST_PROXY: ${parsed.problem}`);
  return parsed.value;
}

function cdnSettings(env: Record<string, string | undefined>): CdnSettings {
  const parsed = parseCdnSettings(env);
  if (!parsed.ok) throw new ConfigError(`Invalid configuration:\n${parsed.problems.join('\n')}`);
  return parsed.settings;
}

function dkimKey(e: z.infer<typeof EnvSchema>): Config['dkim'] {
  const given = [e.DKIM_DOMAIN, e.DKIM_SELECTOR, e.DKIM_PRIVATE_KEY_FILE].filter((value) => value !== undefined).length;
  if (given === 0) return null;
  if (given !== 3)
    throw new ConfigError(
      'Invalid configuration:\nDKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE go together: set all three or none.',
    );
  let privateKey: string;
  try {
    privateKey = readFileSync(path.resolve(e.DKIM_PRIVATE_KEY_FILE!), 'utf8');
  } catch {
    throw new ConfigError(`Invalid configuration:\nDKIM_PRIVATE_KEY_FILE: cannot read ${e.DKIM_PRIVATE_KEY_FILE}`);
  }
  if (!privateKey.includes('PRIVATE KEY')) throw new ConfigError('Invalid configuration:\nDKIM_PRIVATE_KEY_FILE: not a PEM private key');
  return { domainName: e.DKIM_DOMAIN!, keySelector: e.DKIM_SELECTOR!, privateKey };
}

/** DATABASE_URL and the PostgreSQL settings around it; they mean nothing to a SQLite file, so they are refused there. */
function databaseSettings(e: z.infer<typeof EnvSchema>): Database {
  const database = parseDatabaseUrl(e.DATABASE_URL);
  const postgresOnly = {
    DATABASE_POOL_SIZE: e.DATABASE_POOL_SIZE,
    DATABASE_DIRECT_URL: e.DATABASE_DIRECT_URL,
    DATABASE_REPLICA_URL: e.DATABASE_REPLICA_URL,
  };
  if (database.engine === 'sqlite') {
    const given = Object.entries(postgresOnly)
      .filter(([, value]) => value !== undefined)
      .map(([name]) => name);
    if (given.length > 0)
      throw new ConfigError(`Invalid configuration:\n${given.join(', ')}: only for PostgreSQL, but DATABASE_URL names a SQLite file.`);
    return database;
  }
  for (const name of ['DATABASE_DIRECT_URL', 'DATABASE_REPLICA_URL'] as const) {
    const url = postgresOnly[name];
    if (url !== undefined && !isPostgresUrl(url))
      throw new ConfigError(`Invalid configuration:\n${name} must start with postgres:// (got "${url.slice(0, 20)}…")`);
  }
  return {
    ...database,
    ...(e.DATABASE_POOL_SIZE !== undefined && { poolSize: e.DATABASE_POOL_SIZE }),
    ...(e.DATABASE_DIRECT_URL !== undefined && { directUrl: e.DATABASE_DIRECT_URL }),
    ...(e.DATABASE_REPLICA_URL !== undefined && { replicaUrl: e.DATABASE_REPLICA_URL }),
  };
}

function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

export function parseDatabaseUrl(url: string): Database {
  if (isPostgresUrl(url)) return { engine: 'postgres', url };
  if (url.startsWith('file:')) return { engine: 'sqlite', file: path.resolve(url.slice('file:'.length)) };
  throw new ConfigError(`DATABASE_URL must start with file: or postgres:// (got "${url.slice(0, 20)}…")`);
}

/** The secret is made once and kept, so sessions and tokens survive a restart. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: theirs wins, so every worker signs alike.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
