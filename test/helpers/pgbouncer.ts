import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { stopChild } from './stop-child.js';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './server.js';

// Debian's PgBouncer between the app and the test's PostgreSQL cluster, as the test's own
// child process: transaction pooling (a server connection per transaction, so any state
// a session leaves behind shows up in another client's queries), a loopback port of its
// own, its config in a temporary folder, stopped after. The cluster trusts loopback
// (test/run.mjs), so PgBouncer does too; the user still has to be in its auth_file.

export const PGBOUNCER = process.env.MASTHEAD_PGBOUNCER ?? '/usr/sbin/pgbouncer';

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export interface PgBouncer {
  port: number;
  /** `databaseUrl` (a database on the test cluster) as reached through PgBouncer. */
  urlFor(databaseUrl: string): string;
  /** Rows of an admin console command (`SHOW CLIENTS`, `SHOW STATS`…). */
  show(what: string): Promise<Array<Record<string, unknown>>>;
  /** What PgBouncer has logged so far. */
  log(): string;
  stop(): Promise<void>;
}

export function pgBouncerInstalled(): boolean {
  return existsSync(PGBOUNCER);
}

function userIds(name: string): { uid: number; gid: number } | null {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Starts PgBouncer in front of the cluster at `postgresUrl` (any database on it: `*`
 * forwards each database name as is), with `poolSize` server connections per database.
 */
export async function startPgBouncer({ postgresUrl, poolSize }: { postgresUrl: string; poolSize: number }): Promise<PgBouncer> {
  const target = new URL(postgresUrl);
  const user = decodeURIComponent(target.username) || 'postgres';
  const dir = mkdtempSync(path.join(tmpdir(), 'masthead-pgbouncer-'));
  const port = await freePort();
  writeFileSync(path.join(dir, 'userlist.txt'), `"${user}" ""\n`);
  writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      `admin_users = ${user}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'min_pool_size = 0',
      'reserve_pool_size = 0',
      'max_client_conn = 200',
      // node-postgres sends none of these, psql-like clients and other drivers do.
      'ignore_startup_parameters = extra_float_digits,options',
      'log_connections = 0',
      'log_disconnections = 0',
    ].join('\n') + '\n',
  );

  // PgBouncer refuses to run as root; as root it runs as the cluster's `postgres` user.
  let command = [PGBOUNCER, path.join(dir, 'pgbouncer.ini')];
  if (process.getuid?.() === 0) {
    const ids = userIds('postgres');
    if (!ids) throw new Error('running as root but there is no "postgres" user to run PgBouncer as');
    for (const file of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(path.join(dir, file), ids.uid, ids.gid);
    command = ['setpriv', `--reuid=${ids.uid}`, `--regid=${ids.gid}`, '--clear-groups', ...command];
  }
  const child = spawn(command[0]!, command.slice(1), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: string) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);

  const admin = new URL(postgresUrl);
  admin.port = String(port);
  admin.pathname = '/pgbouncer';
  const show = async (what: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      return (await client.query(`SHOW ${what}`)).rows as Array<Record<string, unknown>>;
    } finally {
      await client.end();
    }
  };
  const stop = async () => {
    await stopChild(child, STOP_TIMEOUT_MS);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(child, show, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    urlFor(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    show,
    log: () => output,
    stop,
  };
}

async function waitUntilReady(child: ChildProcess, show: (what: string) => Promise<unknown>, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`pgbouncer exited with ${child.exitCode ?? child.signalCode} before it answered\n${output()}`);
    }
    try {
      await show('VERSION');
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`pgbouncer did not answer within ${READY_TIMEOUT_MS} ms (last: ${lastError})\n${output()}`);
}
