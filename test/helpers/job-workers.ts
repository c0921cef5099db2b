import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createPgDatabase, repoRoot, type Engine } from './server.js';

// Job workers in separate processes (test/helpers/job-worker-process.mjs, on the built
// dist/) against one fresh database per test, so claims really race across processes.

export interface QueueDatabase {
  url: string;
  /** The test's own connection, migrated. */
  store: Store;
  dir: string;
  drop(): Promise<void>;
}

export async function freshQueueDatabase(engine: Engine): Promise<QueueDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), `masthead-jobs-${engine}-`));
  let url = `file:${path.join(dir, 'masthead.db')}`;
  let dropPg = async () => {};
  if (engine === 'postgres') {
    const database = await createPgDatabase();
    url = database.url;
    dropPg = database.drop;
  }
  const store = await openStore(parseDatabaseUrl(url));
  await store.migrate();
  return {
    url,
    store,
    dir,
    drop: async () => {
      await store.close();
      await dropPg();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  stderr(): string;
  /** SIGTERM: the worker finishes its in-flight job and exits. */
  stop(): Promise<void>;
  /** SIGKILL: gone at once, mid-job. */
  kill(): Promise<void>;
}

const script = path.join(repoRoot, 'test', 'helpers', 'job-worker-process.mjs');

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function spawnWorker(options: Record<string, unknown>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [script, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in 15 s\n${stderr}`)), 15_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready\n${stderr}`));
    });
  });
  return {
    child,
    stderr: () => stderr,
    stop: async () => {
      const gone = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
    kill: async () => {
      const gone = exited(child);
      child.kill('SIGKILL');
      await gone;
    },
  };
}

/** Polls `check` until it returns true, or throws after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
