#!/usr/bin/env node
// Issue 11's table in one command: `npm run bench:scale` (= npm run build && node bench/scale.mjs).
// Every figure is measured in this run, on this machine, and printed beside issue 11's
// "today" and its aim, with met / not met:
//
//   1. cached article page as a ratio to a bare node:http server sending the same bytes, and
//      uncached article pages rotating through every story of a 10,000-story archive:
//      bench/run.mjs run as a child (`--only article,rotate --rotate 10000`), read back
//      from .bench/results.json;
//   2. bundle import: `masthead import` of that archive's bundle into a fresh SQLite file,
//      timed from spawn to exit;
//   3. on the demo site (demo/bundle.json, ~38 stories): cold start of `node dist/main.js`
//      to the first 200 on /, idle memory (VmRSS 2 s after that 200), then readers loading
//      every article page, first steady, then with one live edit every 0.5 s through
//      the API (PATCH /api/admin/articles/:id), and the memory after that load;
//   4. search p95 at 100,000 stories on SQLite and PostgreSQL: bench/search.mjs run as a
//      child, its "worst p95" line per engine read from its output (or its --json output,
//      when it has that option), within the time left.
//
// Options: --duration S (10, per load run), --connections N (50), --cold-runs N (3),
// --skip-archive (no step 1 and 2), --skip-search (no step 4), --search-args "…" (passed to
// bench/search.mjs), --max-minutes N (10: step 4 gets what is left; a watchdog ends the rest).
// autocannon talks to 127.0.0.1 only. Any child left running is killed on exit.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { GENERATOR_VERSION } from './generate.mjs';
import { cpuMs, freePort, rssMb } from './lib/processes.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const CLI = path.join(DIST, 'cli', 'masthead.js');
const BENCH_DIR = path.join(ROOT, '.bench');
const HOST = '127.0.0.1';
const ARCHIVE_STORIES = 10_000;

const { values: opt } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'cold-runs': { type: 'string', default: '3' },
    'skip-archive': { type: 'boolean', default: false },
    'skip-search': { type: 'boolean', default: false },
    'search-args': { type: 'string', default: '' },
    'max-minutes': { type: 'string', default: '10' },
  },
});
const DURATION = Number(opt.duration);
const CONNECTIONS = Number(opt.connections);
const COLD_RUNS = Number(opt['cold-runs']);
const STARTED = performance.now();
const DEADLINE = STARTED + Number(opt['max-minutes']) * 60_000;

// ---------------------------------------------------------------------------------------
// Children: each in its own process group, all killed on any way out.

const children = new Set();
let workDir = null;

function run(cmd, args, { env = process.env, cwd = ROOT, capture = false, quiet = false, timeoutMs = 10 * 60_000 } = {}) {
  const stdout = capture ? 'pipe' : quiet ? 'ignore' : 'inherit';
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', stdout, 'inherit'] });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
    process.stdout.write(chunk);
  });
  // SIGTERM first, so a child can stop what it started (search.mjs its PostgreSQL cluster).
  const timer = setTimeout(() => {
    kill(child, 'SIGTERM');
    setTimeout(() => kill(child, 'SIGKILL'), 10_000).unref();
  }, timeoutMs);
  child.exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      child.exitInfo = { code, signal };
      resolve({ code, signal, out });
    }),
  );
  return child;
}

function kill(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* gone */
  }
}

async function stop(child) {
  if (!children.has(child)) return;
  kill(child, 'SIGTERM');
  const t = setTimeout(() => kill(child, 'SIGKILL'), 3000);
  await child.exited;
  clearTimeout(t);
}

function cleanup() {
  for (const child of children) kill(child, 'SIGKILL');
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = null;
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
const watchdog = setTimeout(
  () => {
    console.error(`bench:scale exceeded ${opt['max-minutes']} minutes + 2; stopping`);
    process.exit(1);
  },
  DEADLINE - STARTED + 120_000,
);
watchdog.unref();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// The table: issue 11's rows, today's figure and the aim as the issue states them.

const rows = [];
/** `met` is true, false, or null when the measure was not taken. */
function record(measure, today, aim, value, met, note = '') {
  rows.push({ measure, today, aim, value, met, note });
}
const fmt = (n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–';

// ---------------------------------------------------------------------------------------
// 1 and 2: the 10,000-story archive.

async function archiveRows() {
  const startedAt = Date.now();
  console.log(`\n== bench/run.mjs: cached and uncached article pages, ${ARCHIVE_STORIES.toLocaleString('en')} stories ==`);
  const args = ['bench/run.mjs', '--only', 'article,rotate', '--rotate', String(ARCHIVE_STORIES), '--cold-runs', '1'];
  args.push('--duration', String(DURATION), '--connections', String(CONNECTIONS), '--stories', String(ARCHIVE_STORIES));
  const done = await run(process.execPath, args, { timeoutMs: 6 * 60_000 }).exited;
  const resultsFile = path.join(BENCH_DIR, 'results.json');
  const R = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;
  // A results file from an earlier run is not this run's figure.
  if (!R || Date.parse(R.date) < startedAt) {
    const why = `bench/run.mjs wrote no results (${JSON.stringify(done)})`;
    record('cached article page', '0.41× bare (11,400 req/s)', '≥ 0.70× bare', why, false);
    record(`uncached article, ${ARCHIVE_STORIES.toLocaleString('en')}-story archive`, '204 req/s', '≥ 1,500 req/s', why, false);
    return;
  }
  const runs = (R.load ?? R.results).map((r) => ({ ...r, name: r.target ?? r.name }));
  const bare = runs.find((r) => r.baseline);
  const article = runs.find((r) => r.name === 'article page');
  const rotate = runs.find((r) => /rotating/.test(r.name));
  // Only pages served count: a 503 from overload shedding is not an article page.
  const served = (r) => r.reqPerSec * (r.totalRequests ? (r.totalRequests - (r.non2xx ?? 0)) / r.totalRequests : 1);
  const cpu = (r) => (r.serverCpuMsPerRequest === undefined ? '' : `, ${r.serverCpuMsPerRequest} ms CPU/req`);
  const shed = (r) => (r.non2xx ? `, ${fmt(r.non2xx)} non-2xx` : '');
  const ratio = served(article) / bare.reqPerSec;
  record(
    'cached article page',
    '0.41× bare (11,400 req/s)',
    '≥ 0.70× bare',
    `${ratio.toFixed(2)}× bare (${fmt(served(article))} vs ${fmt(bare.reqPerSec)} req/s${cpu(article)}${shed(article)})`,
    ratio >= 0.7,
  );
  record(
    `uncached article, ${ARCHIVE_STORIES.toLocaleString('en')}-story archive`,
    '204 req/s',
    '≥ 1,500 req/s',
    `${fmt(served(rotate))} req/s served (p99 ${fmt(rotate.latencyMs.p99)} ms${cpu(rotate)}${shed(rotate)})`,
    served(rotate) >= 1500,
  );
}

async function importRow() {
  console.log('\n== bundle import ==');
  const bundle = path.join(BENCH_DIR, `archive-g${GENERATOR_VERSION}-n${ARCHIVE_STORIES}`, 'bundle.json');
  if (!existsSync(bundle)) throw new Error(`${path.relative(ROOT, bundle)} is missing (bench/run.mjs makes it)`);
  const dir = path.join(workDir, 'import');
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const imported = await run(process.execPath, [CLI, 'import', bundle], { cwd: dir, env: siteEnv(dir, 0), capture: true }).exited;
  const seconds = (performance.now() - t0) / 1000;
  const perSecond = ARCHIVE_STORIES / seconds;
  record(
    'bundle import',
    '386 stories/s',
    '≥ 1,000 stories/s',
    imported.code === 0 ? `${fmt(perSecond)} stories/s (${fmt(seconds, 1)} s)` : `import failed (${imported.code})`,
    imported.code === 0 && perSecond >= 1000,
  );
}

function siteEnv(dir, port) {
  return {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    HOST,
    PORT: String(port),
    SITE_URL: `http://${HOST}:${port}`,
    DATABASE_URL: `file:${path.join(dir, 'masthead.db')}`,
    DATA_DIR: path.join(dir, 'data'),
    MEDIA_DIR: path.join(dir, 'media'),
  };
}

// ---------------------------------------------------------------------------------------
// 3: the demo site: cold start, memory, live edits under load.

/** The demo publication imported once into .bench/scale-demo/, copied for each run. */
async function demoSite() {
  const cache = path.join(BENCH_DIR, 'scale-demo');
  if (!existsSync(path.join(cache, 'masthead.db'))) {
    console.log('demo: importing demo/bundle.json (once, kept in .bench/scale-demo/) …');
    const tmp = `${cache}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const done = await run(process.execPath, [CLI, 'import', path.join(ROOT, 'demo', 'bundle.json')], { cwd: tmp, env: siteEnv(tmp, 0) })
      .exited;
    if (done.code !== 0) throw new Error(`importing the demo bundle failed (${JSON.stringify(done)})`);
    rmSync(cache, { recursive: true, force: true });
    cpSync(tmp, cache, { recursive: true });
    rmSync(tmp, { recursive: true, force: true });
  }
  const dir = path.join(workDir, 'demo');
  cpSync(cache, dir, { recursive: true });
  // Brings the copy to the current schema, so no cold start below includes a migration.
  const migrated = await run(process.execPath, [CLI, 'migrate'], { cwd: dir, env: siteEnv(dir, 0) }).exited;
  if (migrated.code !== 0) throw new Error('masthead migrate failed on the demo copy');
  const key = await run(process.execPath, [CLI, 'apikey', 'create', '--name', 'bench-scale', '--scope', 'admin'], {
    cwd: dir,
    env: siteEnv(dir, 0),
    capture: true,
  }).exited;
  if (key.code !== 0) throw new Error('masthead apikey create failed');
  return { dir, apiKey: key.out.trim().split('\n').pop() };
}

async function coldStart(dir) {
  const port = await freePort();
  const t0 = performance.now();
  const child = run(process.execPath, [path.join(DIST, 'main.js')], { cwd: dir, env: siteEnv(dir, port), quiet: true });
  for (;;) {
    if (child.exitInfo) throw new Error(`the server exited before answering (${JSON.stringify(child.exitInfo)})`);
    if (performance.now() - t0 > 60_000) throw new Error('no 200 on / within 60 s');
    try {
      const res = await fetch(`http://${HOST}:${port}/`, { headers: { connection: 'close' } });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await sleep(10);
  }
  return { child, port, ms: performance.now() - t0, cpuMs: cpuMs(child.pid) };
}

function cannon(port, paths, durationS) {
  return new Promise((resolve, reject) => {
    let i = 0;
    const instance = autocannon(
      {
        url: `http://${HOST}:${port}`,
        connections: CONNECTIONS,
        duration: durationS,
        requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('error', reject);
  });
}

async function demoRows() {
  console.log('\n== demo site: cold start, memory, live edits ==');
  const { dir, apiKey } = await demoSite();
  const starts = [];
  let server = null;
  for (let i = 0; i < COLD_RUNS; i++) {
    if (server) await stop(server.child);
    server = await coldStart(dir);
    starts.push(server);
    console.log(`cold start ${i + 1}: ${fmt(server.ms)} ms (${fmt(server.cpuMs)} ms of CPU)`);
  }
  await sleep(2000);
  const idleMb = rssMb(server.child.pid);
  const { port } = server;
  const api = async (method, url, body) => {
    const res = await fetch(`http://${HOST}:${port}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body ? { 'content-type': 'application/json', origin: `http://${HOST}:${port}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const listed = await api('GET', '/api/admin/articles?status=published&per_page=100');
  const stories = listed.data;
  const paths = stories.map((s) => new URL(s.url).pathname);
  console.log(`readers: ${paths.length} article pages; ${DURATION} s steady …`);
  await cannon(port, paths, 2); // warm-up: every page rendered once
  const steady = await cannon(port, paths, DURATION);
  console.log(`steady: ${fmt(steady.requests.mean)} req/s, p99 ${steady.latency.p99} ms; ${DURATION} s with an edit every 0.5 s …`);
  const target = stories[Math.floor(stories.length / 2)];
  let edits = 0;
  let editing = true;
  const editor = (async () => {
    while (editing) {
      const next = performance.now() + 500;
      const current = await api('GET', `/api/admin/articles/${target.id}`);
      await api('PATCH', `/api/admin/articles/${target.id}`, { dek: `Live update ${++edits}`, revision: current.revision });
      await sleep(Math.max(0, next - performance.now()));
    }
  })();
  const edited = await cannon(port, paths, DURATION);
  editing = false;
  await editor;
  await sleep(1000);
  const afterLoadMb = rssMb(server.child.pid);
  const peakMb = rssMb(server.child.pid, 'VmHWM');
  await stop(server.child);

  const p99Ratio = edited.latency.p99 / steady.latency.p99;
  const throughput = edited.requests.mean / steady.requests.mean;
  record(
    'one live edit every 0.5 s, demo site',
    'p99 9.5 → 102 ms',
    'p99 ≤ 2× steady, req/s ≥ 80 %',
    `p99 ${steady.latency.p99} → ${edited.latency.p99} ms (${p99Ratio.toFixed(1)}×), req/s ${fmt(steady.requests.mean)} → ${fmt(edited.requests.mean)} (${fmt(throughput * 100)} %), ${edits} edits`,
    p99Ratio <= 2 && throughput >= 0.8,
  );
  const median = [...starts].sort((a, b) => a.ms - b.ms)[Math.floor((starts.length - 1) / 2)];
  record(
    'cold start to first 200',
    '0.9 s',
    '≤ 0.5 s',
    `${fmt(median.ms / 1000, 2)} s, ${fmt(median.cpuMs / 1000, 2)} s CPU (median of ${starts.length})`,
    median.ms <= 500,
  );
  record(
    'memory, idle / after load',
    '153 / 173 MB',
    '≤ 80 / 120 MB',
    `${fmt(idleMb)} / ${fmt(afterLoadMb)} MB (peak ${fmt(peakMb)})`,
    idleMb <= 80 && afterLoadMb <= 120,
  );
}

// ---------------------------------------------------------------------------------------
// 4: search, by bench/search.mjs (its own archive generator, its own PostgreSQL).

async function searchRows() {
  const left = DEADLINE - performance.now();
  const skipped = (why) => {
    record('search p95 at 100,000 stories, SQLite', '14–484 ms', '≤ 20 ms every class', why, null);
    record('search p95 at 100,000 stories, PostgreSQL', '91–1,780 ms', '≤ 50 ms every class', why, null);
  };
  if (opt['skip-search']) return skipped('skipped (--skip-search); run node bench/search.mjs');
  if (left < 30_000) return skipped('no time left; run node bench/search.mjs');
  console.log(`\n== bench/search.mjs (up to ${fmt(left / 60_000, 1)} min) ==`);
  const source = readFileSync(path.join(ROOT, 'bench', 'search.mjs'), 'utf8');
  const json = /\bjson\s*:\s*\{\s*type:\s*'boolean'/.test(source);
  const args = ['bench/search.mjs', '--stories', '100000', ...(json ? ['--json'] : []), ...opt['search-args'].split(' ').filter(Boolean)];
  const done = await run(process.execPath, args, { capture: true, timeoutMs: left }).exited;
  const worst = worstP95(done.out, json);
  for (const [engine, label, today, aimMs] of [
    ['sqlite', 'SQLite', '14–484 ms', 20],
    ['postgres', 'PostgreSQL', '91–1,780 ms', 50],
  ]) {
    const value = worst[engine];
    record(
      `search p95 at 100,000 stories, ${label}`,
      today,
      `≤ ${aimMs} ms every class`,
      value === undefined
        ? `not measured (search.mjs ${done.signal ? 'timed out' : `exit ${done.code}`})`
        : `worst class ${fmt(value, 1)} ms`,
      value !== undefined && value <= aimMs,
    );
  }
}

/**
 * The worst p95 per engine from bench/search.mjs: its JSON (any `p95` numbers under an
 * engine's key) when it prints JSON, else its "worst p95 N ms" line under each
 * "<engine>: searchArticles()" heading.
 */
function worstP95(out, json) {
  const worst = {};
  if (json) {
    const start = out.indexOf('{');
    try {
      const parsed = JSON.parse(out.slice(start, out.lastIndexOf('}') + 1));
      const walk = (node, engine) => {
        if (Array.isArray(node)) return node.forEach((item) => walk(item, engine));
        if (!node || typeof node !== 'object') return;
        for (const [key, value] of Object.entries(node)) {
          const here = ['sqlite', 'postgres'].includes(key) ? key : (node.engine ?? engine);
          if (/^p95/i.test(key) && typeof value === 'number' && here) worst[here] = Math.max(worst[here] ?? 0, value);
          else walk(value, here);
        }
      };
      walk(parsed, null);
      return worst;
    } catch {
      /* fall back to the text */
    }
  }
  let engine = null;
  for (const line of out.split('\n')) {
    const heading = /^(sqlite|postgres): searchArticles/.exec(line.trim());
    if (heading) engine = heading[1];
    const m = /worst p95 ([\d.]+) ms/.exec(line);
    if (m && engine) worst[engine] = Number(m[1]);
  }
  return worst;
}

// ---------------------------------------------------------------------------------------

function printTable() {
  const load = os.loadavg()[0];
  const header = ['measure', 'today', 'aim', 'this run', ''];
  const body = rows.map((r) => [r.measure, r.today, r.aim, r.value, r.met === null ? 'not run' : r.met ? 'met' : 'NOT MET']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(
    `\nIssue 11, ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs, load average ${load.toFixed(1)}`,
  );
  if (loadAtStart > os.cpus().length / 2)
    console.log(
      `WARNING: load average ${loadAtStart.toFixed(1)} at start: the machine was busy; re-run on a quiet machine before quoting.`,
    );
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
  for (const r of rows.filter((row) => row.note)) console.log(`note (${r.measure}): ${r.note}`);
  console.log(`total ${fmt((performance.now() - STARTED) / 60_000, 1)} min`);
}

const loadAtStart = os.loadavg()[0];
if (!existsSync(CLI)) {
  console.error('dist/ is missing: run `npm run build` (npm run bench:scale does it).');
  process.exit(2);
}
workDir = mkdtempSync(path.join(os.tmpdir(), 'masthead-scale-'));
let failed = false;
const steps = opt['skip-archive'] ? [demoRows, searchRows] : [archiveRows, importRow, demoRows, searchRows];
for (const step of steps) {
  try {
    await step();
  } catch (error) {
    failed = true;
    console.error(`\n${step.name} failed: ${error?.stack ?? error}`);
  }
}
printTable();
cleanup();
process.exit(failed ? 1 : 0);
