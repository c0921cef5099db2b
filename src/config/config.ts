import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { parseCdnSettings, type CdnSettings } from '../cdn/cdn-settings.js';

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
  /** Which CDNs are purged on change (src/cdn/cdn-settings.ts). */
  cdn: CdnSettings;
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
  };
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
