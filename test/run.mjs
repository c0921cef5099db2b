#!/usr/bin/env node
// The whole test suite in one command (what `npm test` runs after build and type-check).
//
// It starts what the layers need and nothing else: a throwaway PostgreSQL cluster on a
// free loopback port (so every HTTP test runs on SQLite *and* PostgreSQL) and checks that
// Chromium is there for the browser layer. Under CI=true a missing prerequisite fails the
// run with a clear message (SPEC §1: "never a silent skip"); on a developer's machine the
// layer is skipped with a loud warning instead. The exit code is vitest's.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTemplates } from './template-databases.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const CHROMIUM = process.env.MASTHEAD_CHROMIUM ?? '/usr/bin/chromium';

const cleanups = [];
let vitest = null;
let finishing = false;

function log(message) {
  process.stderr.write(`[test/run] ${message}\n`);
}

function warnLoudly(message) {
  const bar = '!'.repeat(78);
  process.stderr.write(`\n${bar}\n!! WARNING: ${message}\n${bar}\n\n`);
}

function fail(message) {
  process.stderr.write(`\n[test/run] FAILED: ${message}\n`);
  finish(1);
}

/** Runs every cleanup once, newest first, then exits. Safe to call from signal handlers. */
function finish(code) {
  if (finishing) return;
  finishing = true;
  for (const cleanup of cleanups.reverse()) {
    try {
      cleanup();
    } catch (error) {
      log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    if (vitest && vitest.exitCode === null) vitest.kill('SIGTERM');
    finish(signal === 'SIGINT' ? 130 : 143);
  });
}
process.on('uncaughtException', (error) => {
  log(`unexpected error: ${error.stack ?? error}`);
  finish(1);
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(address.port));
    });
  });
}

/** The newest PostgreSQL server binaries on this machine, or null. */
function findPostgresBin() {
  if (process.env.MASTHEAD_PG_BIN) return process.env.MASTHEAD_PG_BIN;
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => /^\d+$/.test(v) && existsSync(path.join(debianRoot, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(debianRoot, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? path.dirname(found) : null;
}

function userIds(name) {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Starts a throwaway cluster: trust auth on loopback only, fsync off (the data is thrown
 * away), the unix socket inside the temp dir so it never collides with a system server.
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user.
 */
async function startPostgres(bin) {
  const dir = mkdtempSync(path.join(tmpdir(), 'masthead-pg-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');

  let asUser = [];
  if (process.getuid && process.getuid() === 0) {
    const ids = userIds('postgres');
    if (!ids) throw new Error('running as root but there is no "postgres" user to run PostgreSQL as');
    chownSync(dir, ids.uid, ids.gid);
    chmodSync(dir, 0o700);
    asUser = ['runuser', '-u', 'postgres', '--'];
  }
  const run = (tool, args, options = {}) => {
    const [command, ...rest] = [...asUser, path.join(bin, tool), ...args];
    const result = spawnSync(command, rest, { encoding: 'utf8', cwd: dir, ...options });
    if (result.status !== 0) {
      throw new Error(`${tool} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  };

  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  run('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  cleanups.push(() => {
    log('stopping PostgreSQL');
    const stop = (mode) => {
      const [command, ...rest] = [...asUser, path.join(bin, 'pg_ctl'), '-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop'];
      return spawnSync(command, rest, { encoding: 'utf8', cwd: dir }).status === 0;
    };
    // Never leave a server behind: a fast stop, else an immediate one.
    if (!stop('fast')) stop('immediate');
  });
  return { port, logFile };
}

const ALL_PROJECTS = ['unit', 'store', 'inject', 'http', 'http-serial', 'e2e'];
/** The layers that start the built server (dist/) and use the reference templates. */
const SERVER_PROJECTS = new Set(['http', 'http-serial', 'e2e']);
/** The layers that run on PostgreSQL as well as SQLite: the servers', and the store's own tests. */
const POSTGRES_PROJECTS = new Set([...SERVER_PROJECTS, 'store']);

/**
 * `--project NAME` arguments pick layers (all of them by default); `--static-checks` runs
 * scripts/static-checks.mjs beside the tests; the rest go to vitest.
 */
function splitArgs(argv) {
  const projects = [];
  const rest = [];
  let staticChecks = false;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--static-checks') staticChecks = true;
    else if (argv[i] === '--project' && argv[i + 1]) projects.push(argv[(i += 1)]);
    else if (argv[i].startsWith('--project=')) projects.push(argv[i].slice('--project='.length));
    else rest.push(argv[i]);
  }
  return { projects: projects.length ? projects : [...ALL_PROJECTS], rest, staticChecks };
}

/**
 * Prettier and ESLint (with TypeScript's errors) beside the tests, at normal priority: the test layers leave
 * part of two cores idle (processes starting, servers waiting on timers, the serial file
 * at the end), and the checks fill it instead of taking a minute of their own before the
 * tests. At the lowest priority they were starved into the longest part of the run
 * (ESLint ending at 504 s against the tests' 446 s); at normal priority the whole run took
 * 475 s. Resolves to true when all of them passed.
 */
function startStaticChecks() {
  const child = spawn(process.execPath, [path.join(repo, 'scripts', 'static-checks.mjs')], {
    cwd: repo,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  return new Promise((resolve) => {
    child.on('error', (error) => {
      log(`could not start the static checks: ${error.message}`);
      resolve(false);
    });
    child.on('close', (code) => resolve(code === 0));
  });
}

async function main() {
  const started = Date.now();
  const { projects, rest, staticChecks } = splitArgs(process.argv.slice(2));
  const checksPassed = staticChecks ? startStaticChecks() : Promise.resolve(true);
  const env = { ...process.env };
  // Whatever the calling shell says, the tests pick their database themselves.
  delete env.DATABASE_URL;
  const needsServer = projects.some((p) => SERVER_PROJECTS.has(p));
  const needsPostgres = projects.some((p) => POSTGRES_PROJECTS.has(p));

  // The helpers spawn the built server (dist/cli/masthead.js); `npm test` builds it first.
  if (needsServer && !existsSync(path.join(repo, 'dist', 'cli', 'masthead.js'))) {
    return fail('dist/cli/masthead.js is missing: run `npm run build` first (npm test does).');
  }

  // Chromium
  if (projects.includes('e2e')) {
    if (!existsSync(CHROMIUM)) {
      const message = `Chromium not found at ${CHROMIUM} (install the "chromium" package).`;
      if (inCi) return fail(`${message} The browser tests must run in CI.`);
      warnLoudly(`${message}\nThe browser (e2e) tests are SKIPPED.`);
      projects.splice(projects.indexOf('e2e'), 1);
    } else {
      env.MASTHEAD_CHROMIUM = CHROMIUM;
    }
  }

  // PostgreSQL
  const bin = needsPostgres ? findPostgresBin() : null;
  if (needsPostgres && !bin) {
    const message = 'PostgreSQL server binaries not found (install the "postgresql" package).';
    if (inCi) return fail(`${message} The HTTP tests must run on PostgreSQL in CI.`);
    warnLoudly(`${message}\nHTTP tests run on SQLITE ONLY; the PostgreSQL runs are SKIPPED.`);
    delete env.MASTHEAD_TEST_PG_URL;
  } else if (bin) {
    try {
      const { port } = await startPostgres(bin);
      env.MASTHEAD_TEST_PG_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
      log(`PostgreSQL (${bin}) listening on 127.0.0.1:${port}`);
    } catch (error) {
      const message = `PostgreSQL could not be started: ${error instanceof Error ? error.message : String(error)}`;
      if (inCi) return fail(message);
      warnLoudly(`${message}\nHTTP tests run on SQLITE ONLY; the PostgreSQL runs are SKIPPED.`);
      delete env.MASTHEAD_TEST_PG_URL;
    }
  }

  // The reference publication, imported once per engine for every file that starts from it.
  if (needsServer) {
    const dir = mkdtempSync(path.join(tmpdir(), 'masthead-templates-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const templates = await buildTemplates({ repo, dir, pgUrl: env.MASTHEAD_TEST_PG_URL });
    env.MASTHEAD_TEST_TEMPLATES = templates.file;
    void templates.first.then(() => log(`reference template ready after ${((Date.now() - started) / 1000).toFixed(1)} s`));
    void templates.rest.then(() => log(`all templates ready after ${((Date.now() - started) / 1000).toFixed(1)} s`));
  }

  const vitestArgs = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...rest];
  log(`npx ${vitestArgs.join(' ')}`);
  vitest = spawn('npx', vitestArgs, { cwd: repo, env, stdio: 'inherit' });
  vitest.on('exit', (code, signal) => {
    void checksPassed.then((passed) => {
      log(`wall time ${((Date.now() - started) / 1000).toFixed(1)} s (${projects.join(', ')}${staticChecks ? ', static checks' : ''})`);
      if (!passed) log('the static checks FAILED (their output is above)');
      const testCode = code ?? (signal ? 1 : 0);
      finish(testCode !== 0 ? testCode : passed ? 0 : 1);
    });
  });
  vitest.on('error', (error) => fail(`could not start vitest: ${error.message}`));
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
