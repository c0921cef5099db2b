import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPgDatabase, freePort, mastheadCli, type Engine } from './server.js';

// `masthead serve` as a process the test holds by its pid, for what only a process can
// show: WEB_CONCURRENCY's cluster workers, a worker that dies, SIGTERM. The database is
// fresh and empty (the server migrates it); the default newsletter list is there.

export interface ServeProcess {
  url: string;
  port: number;
  /** The primary (or only) process. */
  child: ChildProcess;
  /** Pids of the primary's child processes (the cluster workers), read from /proc. */
  workerPids(): number[];
  /** Resolves with the exit code (or signal) once the primary has exited. */
  exited: Promise<number | string>;
  output(): string;
  /** Stops whatever is left (SIGKILL) and removes the data. */
  cleanup(): Promise<void>;
}

const OWN_ENV = ['DATABASE_URL', 'PORT', 'HOST', 'SITE_URL', 'MEDIA_DIR', 'DATA_DIR', 'SMTP_URL', 'SECRET_KEY', 'WEB_CONCURRENCY'];

export async function spawnServe(options: { engine: Engine; env?: Record<string, string> }): Promise<ServeProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `masthead-proc-${options.engine}-`));
  let drop = async () => {};
  let databaseUrl = `file:${path.join(dataDir, 'masthead.db')}`;
  if (options.engine === 'postgres') {
    const database = await createPgDatabase();
    drop = database.drop;
    databaseUrl = database.url;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of OWN_ENV) delete env[key];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    SITE_URL: url,
    DATABASE_URL: databaseUrl,
    MEDIA_DIR: path.join(dataDir, 'media'),
    SECRET_KEY: 's'.repeat(40),
    LOG_LEVEL: 'warn',
    // No load shedding: the suite keeps two cores busy, and a slow event-loop sample would
    // answer 503 to a test that is not about overload (faults and operations tests are).
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '60000',
    ...options.env,
  });
  const child = spawn(process.execPath, [mastheadCli, 'serve'], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));

  const workerPids = () => childrenOf(child.pid!);
  const cleanup = async () => {
    for (const pid of workerPids()) killQuietly(pid);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await drop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, exited, () => output);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { url, port, child, workerPids, exited, output: () => output, cleanup };
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** Pids whose parent is `parent`, from /proc/<pid>/stat (field 4 is the parent's pid). */
export function childrenOf(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === parent && fields[0] !== 'Z') pids.push(Number(entry));
    } catch {
      /* the process ended while being read */
    }
  }
  return pids.sort((a, b) => a - b);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForHealth(url: string, exited: Promise<unknown>, output: () => string): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`masthead serve exited before /healthz answered\n${output()}`);
    const status = await httpRequest({ url: `${url}/healthz` }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`masthead serve did not answer /healthz within 30 s\n${output()}`);
}

export interface PlainAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request on a fresh connection, optionally from a chosen local address (127.0.0.2…). */
export function httpRequest(options: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  localAddress?: string;
}): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      options.url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        localAddress: options.localAddress,
        agent: false,
        timeout: 15_000,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${options.method ?? 'GET'} ${options.url} timed out`)));
    request.on('error', reject);
    request.end(options.body);
  });
}
