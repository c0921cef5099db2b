#!/usr/bin/env node
// WordPress migration throughput (issue 10 §5). Generates a WXR of N posts from the real
// Theme Unit Test export's shapes (bench/migration-wxr.mjs), then measures, each beside a
// baseline taken in the same run:
//   1. the reader alone (both passes of openWordpressExport, every story mapped, nothing
//      written): posts/s, the ceiling for the import;
//   2. `masthead migrate-from wordpress FILE --media EMPTYDIR` into a fresh database, as an
//      editor would run it (no image work: the folder is empty, so images are reported
//      missing): posts/s, wall time, peak RSS, ratio to the reader;
//   3. a second run of the same file (nothing new): wall time;
//   4. resume: the import into another fresh database, SIGKILLed at about 40 % of the full
//      run's time, then run again: the resumed run's wall time, and exactly N stories.
//
//   npm run build && node bench/migration.mjs [--posts 50000] [--engine sqlite|postgres|sqlite,postgres]
//
// Options: --keep (keep the temp dir and print it), --profile DIR (a CPU profile of the
// first full import), --max-minutes N (30, a watchdog). PostgreSQL runs in a throwaway
// cluster on 127.0.0.1 (fsync off, as in test/run.mjs); MASTHEAD_PG_BIN names its binaries.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { findRealExport, writeBenchWxr } from './migration-wxr.mjs';
import { startThrowawayPostgres } from './throwaway-postgres.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'masthead.js');
const READER = pathToFileURL(path.join(ROOT, 'dist', 'migration', 'wordpress', 'wordpress-export.js')).href;
const AIM_POSTS_PER_SECOND = 1000;
const KILL_AT = 0.4;

const { values: opt } = parseArgs({
  options: {
    posts: { type: 'string', default: '50000' },
    engine: { type: 'string', default: 'sqlite' },
    profile: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'max-minutes': { type: 'string', default: '30' },
  },
});
const POSTS = Number(opt.posts);
const ENGINES = opt.engine.split(',');
if (!Number.isInteger(POSTS) || POSTS < 1) fail('--posts must be a positive integer');
if (!ENGINES.every((e) => e === 'sqlite' || e === 'postgres')) fail('--engine is sqlite, postgres or sqlite,postgres');
if (!existsSync(CLI)) fail('dist/ is missing: run `npm run build` first');

function fail(message) {
  console.error(message);
  process.exit(2);
}

const children = new Set();
const cleanups = [];
function cleanUp() {
  for (const child of children) child.kill('SIGKILL');
  while (cleanups.length) {
    try {
      cleanups.pop()();
    } catch (error) {
      console.error(`cleanup: ${error.message}`);
    }
  }
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
setTimeout(
  () => {
    console.error(`watchdog: still running after ${opt['max-minutes']} minutes; stopping`);
    process.exit(1);
  },
  Number(opt['max-minutes']) * 60_000,
).unref();

/**
 * Runs `node ARGS` to its end (or until `killAfterMs`), timing it from spawn to exit and
 * polling VmHWM, the kernel's record of the process's peak resident memory.
 */
function runNode(args, { env = {}, killAfterMs = null } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let peakKb = 0;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const watch = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        /* it has exited */
      }
    }, 50);
    const killer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(watch);
      clearTimeout(killer);
      children.delete(child);
      const result = { out, seconds: (performance.now() - started) / 1000, peakMb: peakKb / 1024, code, signal };
      if (code === 0 || (killAfterMs !== null && signal === 'SIGKILL')) resolve(result);
      else reject(new Error(`node ${args.join(' ')} exited ${code ?? signal}:\n${out.slice(-4000)}`));
    });
  });
}

/** The reader alone, in its own process like the import, so both pay the same start-up. */
async function parseOnly(file) {
  const code = `
    const { openWordpressExport } = await import(${JSON.stringify(READER)});
    const reader = await openWordpressExport(process.env.BENCH_WXR);
    let stories = 0;
    for await (const event of reader.events()) if (event.kind === 'story') stories += 1;
    await reader.close();
    console.log(JSON.stringify({ stories }));`;
  const run = await runNode(['--input-type=module', '--eval', code], { env: { BENCH_WXR: file } });
  return { ...run, stories: JSON.parse(run.out.trim().split('\n').pop()).stories };
}

/** test/run.mjs's kind of cluster (bench/throwaway-postgres.mjs), stopped and removed at exit. */
async function throwawayPostgres() {
  const cluster = await startThrowawayPostgres();
  cleanups.push(cluster.stop);
  return cluster;
}

/** How many stories the database holds, and how many the migration ledger maps (each must be N). */
async function countStories(databaseUrl) {
  const { openStore } = await import(pathToFileURL(path.join(ROOT, 'dist', 'store', 'store.js')).href);
  const { parseDatabaseUrl } = await import(pathToFileURL(path.join(ROOT, 'dist', 'config', 'config.js')).href);
  const store = await openStore(parseDatabaseUrl(databaseUrl));
  try {
    const count = async (query) => Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return {
      stories: await count(store.db.selectFrom('articles')),
      ledger: await count(store.db.selectFrom('migration_items').where('kind', '=', 'story')),
    };
  } finally {
    await store.close();
  }
}

function readReport(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return { stories: report.counts.story, resumedFrom: report.resumedFrom };
}

/** One `masthead migrate-from wordpress` run against `databaseUrl`. */
function importRun({ dir, databaseUrl, file, label, killAfterMs = null, profileDir = null }) {
  const report = path.join(dir, `report-${label}.json`);
  const env = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(dir, 'data'),
    MEDIA_DIR: path.join(dir, 'media'),
    SITE_URL: 'https://bench.example',
    SECRET_KEY: 'b'.repeat(64),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const args = [...profile, CLI, 'migrate-from', 'wordpress', file, '--media', path.join(dir, 'empty-media'), '--report', report];
  return runNode(args, { env, killAfterMs }).then((run) => ({ ...run, report: run.signal ? null : readReport(report) }));
}

function expectStories(what, counts) {
  if (counts.stories !== POSTS || counts.ledger !== POSTS)
    throw new Error(`${what}: expected ${POSTS} stories, the database holds ${counts.stories} (ledger ${counts.ledger})`);
}

async function benchEngine(engine, { dir, file, parse, freshUrl }) {
  const fullDb = await freshUrl();
  const full = await importRun({ dir, databaseUrl: fullDb, file, label: `${engine}-full`, profileDir: opt.profile });
  if (full.report.stories.created !== POSTS)
    throw new Error(`the full import created ${full.report.stories.created} stories, not ${POSTS}`);
  expectStories('after the full import', await countStories(fullDb));

  const again = await importRun({ dir, databaseUrl: fullDb, file, label: `${engine}-again` });
  if (again.report.stories.created + again.report.stories.updated !== 0)
    throw new Error(`the second run wrote ${JSON.stringify(again.report.stories)}`);
  expectStories('after the second run', await countStories(fullDb));

  const resumeDb = await freshUrl();
  const killAfterMs = Math.round(full.seconds * KILL_AT * 1000);
  const killed = await importRun({ dir, databaseUrl: resumeDb, file, label: `${engine}-killed`, killAfterMs });
  if (killed.signal !== 'SIGKILL') throw new Error(`the run to be killed finished first (${killed.seconds.toFixed(1)} s)`);
  const atKill = await countStories(resumeDb);
  // Each batch writes its stories and their ledger rows in one transaction: a kill leaves both or neither.
  if (atKill.stories !== atKill.ledger)
    throw new Error(`after the kill: ${atKill.stories} stories but ${atKill.ledger} ledger rows (a half-written batch)`);
  if (atKill.ledger === 0)
    console.log(
      `${engine}: WARNING: the kill at ${(killAfterMs / 1000).toFixed(1)} s came before the first batch committed, so nothing was resumed`,
    );
  const resumed = await importRun({ dir, databaseUrl: resumeDb, file, label: `${engine}-resumed` });
  expectStories('after the resumed run', await countStories(resumeDb));
  if (resumed.report.stories.created !== POSTS - atKill.ledger)
    throw new Error(`the resumed run created ${resumed.report.stories.created} stories; ${POSTS - atKill.ledger} were left to do`);

  const rate = POSTS / full.seconds;
  return { engine, full, rate, ratio: rate / parse.rate, again, killed, atKill: atKill.ledger, resumed };
}

const load = os.loadavg()[0];
const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-migration-'));
if (opt.keep) console.log(`temp dir (kept): ${dir}`);
else cleanups.unshift(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(path.join(dir, 'empty-media'));

console.log(
  `WordPress migration: ${POSTS.toLocaleString('en')} posts; ${ENGINES.join(' and ')}; ${os.cpus().length} CPUs, load ${load.toFixed(2)}.`,
);
if (load > os.cpus().length / 2)
  console.log(
    'WARNING: the machine was busy at start (load average above half the CPUs): re-run on a quiet machine before quoting figures.',
  );

const file = path.join(dir, 'export.xml');
const generated = performance.now();
const wxr = await writeBenchWxr({ realFile: findRealExport(ROOT), outFile: file, posts: POSTS });
const kinds = ['gutenberg', 'caption', 'gallery'].map(
  (k) => `${wxr.templates.filter((t) => t[k]).length} ${k === 'gutenberg' ? 'Gutenberg' : `[${k}]`}`,
);
console.log(
  `Generated ${(wxr.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - generated) / 1000).toFixed(1)} s: ${POSTS.toLocaleString('en')} posts from ${wxr.templates.length} real posts (${kinds.join(', ')}), ${wxr.attachments} attachments, ${wxr.repeatedTitles} titles repeated.`,
);

const parseRun = await parseOnly(file);
if (parseRun.stories !== POSTS) throw new Error(`the reader yielded ${parseRun.stories} stories, not ${POSTS}`);
const parse = { ...parseRun, rate: POSTS / parseRun.seconds };
console.log(
  `baseline  reader alone (two passes, nothing written): ${parse.seconds.toFixed(1)} s, ${parse.rate.toFixed(0)} posts/s, peak ${parse.peakMb.toFixed(0)} MB`,
);

const results = [];
for (const engine of ENGINES) {
  const freshUrl = engine === 'sqlite' ? sqliteFiles(dir) : (await throwawayPostgres()).freshUrl;
  const result = await benchEngine(engine, { dir, file, parse, freshUrl });
  printEngine(result);
  results.push(result);
}
printTable(parse, results);

function sqliteFiles(folder) {
  let n = 0;
  return async () => `file:${path.join(folder, `sqlite-${++n}.db`)}`;
}

function printEngine({ engine, full, rate, ratio, again, killed, atKill, resumed }) {
  console.log(
    `${engine.padEnd(9)} full import: ${full.seconds.toFixed(1)} s, ${rate.toFixed(0)} posts/s (${(ratio * 100).toFixed(0)} % of the reader alone; aim ${AIM_POSTS_PER_SECOND}/s), peak ${full.peakMb.toFixed(0)} MB`,
  );
  console.log(`${''.padEnd(9)} second run (nothing new): ${again.seconds.toFixed(1)} s, ${again.report.stories.unchanged} unchanged`);
  console.log(
    `${''.padEnd(9)} killed at ${killed.seconds.toFixed(1)} s with ${atKill} stories committed; resumed run ${resumed.seconds.toFixed(1)} s (${resumed.report.resumedFrom} already there, ${resumed.report.stories.created} created), then exactly ${POSTS} stories`,
  );
}

function printTable(reader, rows) {
  const line = (cells) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(34) : c.padStart(12))).join(''));
  console.log('');
  line(['', 'wall s', 'posts/s', 'vs reader', 'peak MB']);
  line(['reader alone (baseline)', reader.seconds.toFixed(1), reader.rate.toFixed(0), '1.00', reader.peakMb.toFixed(0)]);
  for (const r of rows) {
    line([`${r.engine}: full import`, r.full.seconds.toFixed(1), r.rate.toFixed(0), r.ratio.toFixed(2), r.full.peakMb.toFixed(0)]);
    line([`${r.engine}: second run, nothing new`, r.again.seconds.toFixed(1), '', '', r.again.peakMb.toFixed(0)]);
    line([`${r.engine}: killed at ${(KILL_AT * 100).toFixed(0)} %`, r.killed.seconds.toFixed(1), '', '', '']);
    line([`${r.engine}: resumed to the end`, r.resumed.seconds.toFixed(1), '', '', r.resumed.peakMb.toFixed(0)]);
  }
  const slow = rows.filter((r) => r.rate < AIM_POSTS_PER_SECOND);
  if (slow.length)
    console.log(`\nBelow the aim of ${AIM_POSTS_PER_SECOND} posts/s: ${slow.map((r) => r.engine).join(', ')}. Profile with --profile DIR.`);
}
