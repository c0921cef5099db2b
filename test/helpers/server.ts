import { spawn } from 'node:child_process';
import { ErrorLogWatch } from './error-logs.js';
import { stopChild } from './stop-child.js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

// Starts the real built server (dist/cli/masthead.js) as a child process on a free
// loopback port, on a fresh SQLite file or a fresh PostgreSQL database, so HTTP and
// browser tests exercise exactly what `npx masthead serve` runs in production.

export type Engine = 'sqlite' | 'postgres';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Masthead {
  /** Origin without a trailing slash, e.g. "http://127.0.0.1:41234". */
  url: string;
  /** The server's working directory; it keeps ./data here. */
  dataDir: string;
  /** The environment the server runs with (DATABASE_URL, MEDIA_DIR…). */
  env: Record<string, string>;
  /** Runs `masthead <args>` against the same database and media folder; `input` goes to stdin. */
  cli(args: string[], input?: string): Promise<CliResult>;
  /** What the running server has printed so far (the tail). */
  stdout(): string;
  /** Declares an error-level log line this test provokes on purpose; any other one fails stop(). */
  allowErrorLogs(pattern: RegExp): void;
  /** Stops and starts the server process on the same port, data and database (cold caches). */
  restart(): Promise<void>;
  /** SIGKILLs the server process (no cleanup of any kind) and waits for it to be gone; restart() brings it back. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  engine: Engine;
  /** A content bundle to import before the server starts. */
  bundle?: string;
  env?: Record<string, string>;
  /** More environment, made from the database this start created (e.g. its URL through PgBouncer). */
  databaseEnv?: (databaseUrl: string) => Record<string, string>;
  /** Error-level log lines the test provokes on purpose (see allowErrorLogs). */
  allowErrorLogs?: RegExp[];
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const mastheadCli = path.join(repoRoot, 'dist', 'cli', 'masthead.js');
export const referenceBundle = path.join(repoRoot, 'test', 'fixtures', 'reference', 'bundle.json');

const STARTUP_TIMEOUT_MS = 30_000;
const TEMPLATE_WAIT_MS = 90_000;
const CLI_TIMEOUT_MS = 60_000;
/** Keeps the tail of a child's output for error messages without holding all of it. */
const OUTPUT_TAIL = 20_000;

const inCi = process.env.CI === 'true' || process.env.CI === '1';

/**
 * The engines the HTTP suite runs on. PostgreSQL joins when test/run.mjs started a
 * cluster; under CI its absence is an error, never a silent SQLite-only run.
 */
export function engines(): Engine[] {
  if (process.env.MASTHEAD_TEST_PG_URL) return ['sqlite', 'postgres'];
  if (inCi) {
    throw new Error('MASTHEAD_TEST_PG_URL is not set: under CI the HTTP tests must also run on PostgreSQL (run them through `npm test`).');
  }
  return ['sqlite'];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function pgAdminUrl(): string {
  const url = process.env.MASTHEAD_TEST_PG_URL;
  if (!url) throw new Error('engine "postgres" needs MASTHEAD_TEST_PG_URL (set by test/run.mjs)');
  return url;
}

async function withPgAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database (empty, or a copy of `template`); returns its URL and a function that drops it. */
export async function createPgDatabase(template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withPgAdmin((client) => client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
  const url = new URL(pgAdminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withPgAdmin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

function tail(text: string): string {
  return text.length > OUTPUT_TAIL ? `…${text.slice(-OUTPUT_TAIL)}` : text;
}

/** The environment for the server and the CLI: ours wins over the caller's shell. */
function childEnv(own: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'PORT', 'HOST', 'SITE_URL', 'MEDIA_DIR', 'DATA_DIR', 'SMTP_URL', 'SECRET_KEY', 'WEB_CONCURRENCY']) {
    delete env[key];
  }
  return { ...env, ...own };
}

/** Runs `node dist/cli/masthead.js <args>` in `cwd`, bounded in time. */
export function runCli(
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number; input?: string },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mastheadCli, ...args], {
      cwd: options.cwd,
      env: childEnv(options.env),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`masthead ${args.join(' ')} did not finish within ${options.timeoutMs ?? CLI_TIMEOUT_MS} ms\nstderr:\n${tail(stderr)}`),
      );
    }, options.timeoutMs ?? CLI_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

async function waitForHealth(url: string, child: ReturnType<typeof spawn>, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let exited = null as string | null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  let lastError = '';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`masthead serve ${exited} before /healthz answered\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastError = `GET /healthz → ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`masthead serve did not answer GET /healthz with 200 within ${STARTUP_TIMEOUT_MS} ms (last: ${lastError})\n${output()}`);
}

/** Spawns `masthead serve` and resolves once GET /healthz answers 200. */
async function serve(
  url: string,
  env: Record<string, string>,
  cwd: string,
  errorLogs: ErrorLogWatch,
): Promise<{ stop(): Promise<void>; crash(): Promise<void>; stdout(): string }> {
  const child = spawn(process.execPath, [mastheadCli, 'serve'], {
    cwd,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout = tail(stdout + chunk);
    errorLogs.feed(chunk);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = tail(stderr + chunk);
  });
  try {
    await waitForHealth(url, child, () => `stdout:\n${stdout}\nstderr:\n${stderr}`);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const crash = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  return { stop: () => stopChild(child), crash, stdout: () => stdout };
}

interface TemplateManifest {
  bundle: string;
  state: 'pending' | 'ready' | 'failed';
  sqlite: { file: string; media: string } | null;
  postgres: { database: string; media: string } | null;
}

/** The bundles test/run.mjs imported once for the run, if it made them. */
function templates(): TemplateManifest[] {
  const file = process.env.MASTHEAD_TEST_TEMPLATES;
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as TemplateManifest[]) : [];
}

/**
 * Starts the database from the run's template when the test asks for a bundle that has
 * one: the same rows and files `masthead import` made, copied instead of imported again.
 */
async function databaseFromTemplate(options: StartOptions, dataDir: string, cleanups: Array<() => Promise<void>>): Promise<string | null> {
  let manifest = templates().find((template) => template.bundle === options.bundle);
  // test/run.mjs may still be importing this bundle: waiting is cheaper than importing twice.
  const deadline = Date.now() + TEMPLATE_WAIT_MS;
  while (manifest?.state === 'pending' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    manifest = templates().find((template) => template.bundle === options.bundle);
  }
  if (manifest?.state !== 'ready') return null;
  const mediaDir = path.join(dataDir, 'media');
  if (options.engine === 'sqlite' && manifest.sqlite) {
    const file = path.join(dataDir, 'masthead.db');
    await Promise.all([copyFile(manifest.sqlite.file, file), cp(manifest.sqlite.media, mediaDir, { recursive: true })]);
    return `file:${file}`;
  }
  if (options.engine === 'postgres' && manifest.postgres) {
    const [database] = await Promise.all([
      createPgDatabase(manifest.postgres.database),
      cp(manifest.postgres.media, mediaDir, { recursive: true }),
    ]);
    cleanups.push(database.drop);
    return database.url;
  }
  return null;
}

/** A database and data folder a server could start on, with the CLI pointed at them: no server process. */
export interface MastheadData {
  dataDir: string;
  env: Record<string, string>;
  /** The origin a server on this data answers on once started. */
  url: string;
  cli(args: string[], input?: string): Promise<CliResult>;
  /** Drops the database and deletes the folder. */
  stop(): Promise<void>;
}

/**
 * What startMasthead prepares before it spawns the server: a fresh database (or a copy of
 * the bundle's template, or the bundle imported), a data folder and the environment.
 * A test of the CLI alone uses it without paying for a server start.
 */
export async function prepareMasthead(options: StartOptions): Promise<MastheadData> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `masthead-${options.engine}-`));
  const cleanups: Array<() => Promise<void>> = [() => rm(dataDir, { recursive: true, force: true })];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  };

  try {
    const fromTemplate = await databaseFromTemplate(options, dataDir, cleanups);
    let databaseUrl = fromTemplate ?? `file:${path.join(dataDir, 'masthead.db')}`;
    if (!fromTemplate && options.engine === 'postgres') {
      const database = await createPgDatabase();
      cleanups.push(database.drop);
      databaseUrl = database.url;
    }
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      PORT: String(port),
      HOST: '127.0.0.1',
      SITE_URL: url,
      DATABASE_URL: databaseUrl,
      MEDIA_DIR: path.join(dataDir, 'media'),
      LOG_LEVEL: 'warn',
      // No load shedding: the suite keeps two cores busy, and a slow event-loop sample would
      // answer 503 to a test that is not about overload (faults and operations tests are).
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '60000',
      ...options.env,
      ...options.databaseEnv?.(databaseUrl),
    };
    const cli = (args: string[], input?: string) => runCli(args, { cwd: dataDir, env, input });

    if (options.bundle && !fromTemplate) {
      const imported = await cli(['import', options.bundle]);
      if (imported.code !== 0) {
        throw new Error(
          `masthead import ${options.bundle} exited ${imported.code}\nstdout:\n${tail(imported.stdout)}\nstderr:\n${tail(imported.stderr)}`,
        );
      }
    }
    return { dataDir, env, url, cli, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function startMasthead(options: StartOptions): Promise<Masthead> {
  const data = await prepareMasthead(options);
  const { url, dataDir, env } = data;
  const errorLogs = new ErrorLogWatch(options.allowErrorLogs);
  let child: Awaited<ReturnType<typeof serve>>;
  try {
    child = await serve(url, env, dataDir, errorLogs);
  } catch (error) {
    await data.stop();
    throw error;
  }

  let stopped = false;
  return {
    url,
    dataDir,
    env,
    cli: data.cli,
    stdout: () => child.stdout(),
    allowErrorLogs: (pattern) => errorLogs.allow(pattern),
    restart: async () => {
      await child.stop();
      child = await serve(url, env, dataDir, errorLogs);
    },
    crash: () => child.crash(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await child.stop().catch(() => undefined);
      await data.stop();
      errorLogs.assertNone(`the server at ${url}`);
    },
  };
}

/**
 * A second `masthead serve` process on the same database and media folder, on its own
 * port: what WEB_CONCURRENCY or a second machine runs. Both run the jobs worker.
 */
export async function startAnotherProcess(masthead: Masthead): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const errorLogs = new ErrorLogWatch();
  const child = await serve(url, { ...masthead.env, PORT: String(port) }, masthead.dataDir, errorLogs);
  return {
    url,
    stop: async () => {
      await child.stop();
      errorLogs.assertNone(`the second process at ${url}`);
    },
  };
}
