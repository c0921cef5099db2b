// A throwaway PostgreSQL cluster for benches, started as test/run.mjs starts the test
// suite's: loopback only, trust auth, fsync off (so figures leave out the disk), removed by
// the returned stop(). Runs the server binaries as the postgres user when started as root.

import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { freePort } from './lib/processes.mjs';

export function postgresBin() {
  if (process.env.MASTHEAD_PG_BIN) return process.env.MASTHEAD_PG_BIN;
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const newest = readdirSync(debianRoot)
      .filter((v) => /^\d+$/.test(v) && existsSync(path.join(debianRoot, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a))[0];
    if (newest) return path.join(debianRoot, newest, 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? path.dirname(which.stdout.trim()) : null;
}

/** Starts a cluster; returns { freshUrl(), stop() }. `settings` are extra `-c name=value` pairs. */
export async function startThrowawayPostgres({ settings = [] } = {}) {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found (install "postgresql" or set MASTHEAD_PG_BIN)');
  const home = mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-pg-'));
  let asUser = [];
  // PostgreSQL refuses to run as root.
  if (process.getuid?.() === 0) {
    const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(home, id('-u'), id('-g'));
    chmodSync(home, 0o700);
    asUser = ['runuser', '-u', 'postgres', '--'];
  }
  const pgTool = (tool, args) => {
    const [command, ...rest] = [...asUser, path.join(bin, tool), ...args];
    const result = spawnSync(command, rest, { encoding: 'utf8', cwd: home });
    if (result.status !== 0) throw new Error(`${tool} failed:\n${result.stdout}\n${result.stderr}`);
  };
  const data = path.join(home, 'data');
  pgTool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${home}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    ...settings.map((s) => `-c ${s}`),
  ];
  pgTool('pg_ctl', ['-D', data, '-l', path.join(home, 'log'), '-o', options.join(' '), '-w', '-t', '60', 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      pgTool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  };
  const { default: pg } = await import('pg');
  let created = 0;
  return {
    port,
    stop,
    /** A new, empty database on the cluster. */
    async freshUrl() {
      const name = `bench_${++created}`;
      const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
  };
}
