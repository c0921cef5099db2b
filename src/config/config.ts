import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

// Settings come from the environment (SPEC §2) and are validated once at start, so a
// typo in PORT or DATABASE_URL stops the process with a message instead of a late crash.

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SITE_URL: z.string().url().optional(),
  DATABASE_URL: z.string().min(1).default('file:./data/masthead.db'),
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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Test-only: lets webhooks reach loopback/private targets ("1", or a list of ports). */
  MASTHEAD_OUTBOUND_ALLOW_PRIVATE: z.string().optional(),
});

export type Database = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

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
  logLevel: string;
  outboundAllowPrivate: string | undefined;
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
    database: parseDatabaseUrl(e.DATABASE_URL),
    dataDir,
    mediaDir: path.resolve(e.MEDIA_DIR ?? path.join(dataDir, 'media')),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? `newsletter@${new URL(siteUrl).hostname}`,
    dkim: dkimKey(e),
    newsletterEventsSecret: e.NEWSLETTER_EVENTS_SECRET ?? null,
    secretKey: e.SECRET_KEY ?? readOrCreateSecret(dataDir),
    webConcurrency: e.WEB_CONCURRENCY,
    logLevel: e.LOG_LEVEL,
    outboundAllowPrivate: e.MASTHEAD_OUTBOUND_ALLOW_PRIVATE,
  };
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

export function parseDatabaseUrl(url: string): Database {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { engine: 'postgres', url };
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
