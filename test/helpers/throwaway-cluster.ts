import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './server.js';

// A PostgreSQL cluster of the test's own, for tests that stop or restart the server (the
// run's shared cluster from test/run.mjs must stay up for every other file). Loopback
// only, trust auth; fsync stays on and commits are synchronous, since what a test checks
// here is that acknowledged writes survive. Runs as the `postgres` user when root.

export interface ThrowawayCluster {
  /** A URL to the `postgres` database; create databases through it. */
  url: string;
  /** `pg_ctl stop -m fast`: ends every session, as an operator's restart does. Asynchronous, so the test's own requests keep going meanwhile. */
  halt(): Promise<void>;
  /** Starts it again and waits until it accepts connections. */
  resume(): Promise<void>;
  /** Stops it for good and removes its files. */
  stop(): void;
}

function postgresBin(): string {
  if (process.env.MASTHEAD_PG_BIN) return process.env.MASTHEAD_PG_BIN;
  const root = '/usr/lib/postgresql';
  const newest = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (!newest) throw new Error('PostgreSQL server binaries not found (install "postgresql" or set MASTHEAD_PG_BIN)');
  return path.join(root, newest, 'bin');
}

export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const bin = postgresBin();
  const home = mkdtempSync(path.join(tmpdir(), 'masthead-own-pg-'));
  let asUser: string[] = [];
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(home, id('-u'), id('-g'));
    chmodSync(home, 0o700);
    asUser = ['runuser', '-u', 'postgres', '--'];
  }
  const toolAsync = (name: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [command, ...rest] = [...asUser, path.join(bin, name), ...args];
      const child = spawn(command!, rest, { cwd: home, stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} ${args.join(' ')} exited ${code}`))));
    });
  const tool = (name: string, args: string[]) => {
    const [command, ...rest] = [...asUser, path.join(bin, name), ...args];
    const result = spawnSync(command!, rest, { encoding: 'utf8', cwd: home });
    if (result.status !== 0) throw new Error(`${name} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  };
  const data = path.join(home, 'data');
  tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = [`-p ${port}`, `-k ${home}`, "-c listen_addresses='127.0.0.1'", '-c max_connections=100'].join(' ');
  const pgCtlArgs = (args: string[]) => ['-D', data, '-l', path.join(home, 'log'), '-o', options, '-w', '-t', '60', ...args];
  tool('pg_ctl', pgCtlArgs(['start']));
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    halt: () => toolAsync('pg_ctl', pgCtlArgs(['-m', 'fast', 'stop'])),
    resume: () => toolAsync('pg_ctl', pgCtlArgs(['start'])),
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        // Already down when a test failed between halt() and resume().
        if (existsSync(path.join(data, 'postmaster.pid'))) tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  };
}
