#!/usr/bin/env node
// Masthead benchmark (issue 2, §8). `npm run bench` builds, then runs this file.
//
//   1. a 10,000-story archive (bench/generate.mjs), imported with `masthead import`
//      into a fresh SQLite file; cached under .bench/ keyed by the generator version;
//   2. the real server (`masthead serve`): cold start to the first 200 on /healthz and
//      on an article page;
//   3. autocannon (10 s, 50 connections, 127.0.0.1) against an article page, 1,000
//      rotating article pages, the front page and a section page, each after a warm-up;
//   4. in the same run, a bare node:http server answering the article's exact bytes;
//   5. the server's peak RSS; 6. a table and .bench/results.json.
//
// Options: --fresh (rebuild the archive), --stories N, --duration S, --connections N,
// --warmup S, --rotate N, --cold-runs N, --keep (keep the temp dir), --self-test (exercise
// the harness against two bare servers, no Masthead needed), --max-minutes N,
// --only article,rotate,front,section (a subset of the Masthead load runs), --dist DIR (a
// build other than dist/, e.g. a copy kept aside), --cpu-prof DIR (the server writes V8 CPU
// profiles there when it stops).
// Any non-2xx response or socket error in any load run makes the exit code 1.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { GENERATOR_VERSION, generate } from './generate.mjs';
import { freePort } from './lib/processes.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
// CLI and DIST are set from --dist once the options are parsed.
let DIST = path.join(ROOT, 'dist');
let CLI = path.join(DIST, 'cli', 'masthead.js');
const BENCH_DIR = path.join(ROOT, '.bench');
const HOST = '127.0.0.1';
const GHOST = { articleRps: 38, articleRatioPct: 0.28, coldStartMs: 3600, peakRssMb: 543, jsBytes: 1_000_000 };

const { values: opt } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    stories: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    rotate: { type: 'string', default: '1000' },
    'cold-runs': { type: 'string', default: '3' },
    'max-minutes': { type: 'string', default: '30' },
    section: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'self-test': { type: 'boolean', default: false },
    only: { type: 'string' },
    dist: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
if (opt.dist) {
  DIST = path.resolve(opt.dist);
  CLI = path.join(DIST, 'cli', 'masthead.js');
}
const TARGETS = ['article', 'rotate', 'front', 'section'];
const ONLY = new Set(opt.only ? opt.only.split(',') : TARGETS);
for (const t of ONLY) {
  if (!TARGETS.includes(t)) {
    console.error(`--only takes a comma-separated subset of ${TARGETS.join(',')}`);
    process.exit(2);
  }
}
const STORIES = int(opt.stories, 'stories');
const DURATION = int(opt.duration, 'duration');
const CONNECTIONS = int(opt.connections, 'connections');
const WARMUP = int(opt.warmup, 'warmup', 0);
const ROTATE = int(opt.rotate, 'rotate');
const COLD_RUNS = int(opt['cold-runs'], 'cold-runs');

function int(v, name, min = 1) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be an integer >= ${min}`);
    process.exit(2);
  }
  return n;
}

// ---------------------------------------------------------------------------------------
// Child processes: every one is tracked, runs in its own process group, and is killed on
// any way out of this process (normal end, error, SIGINT/SIGTERM, watchdog).

const children = new Set();
let workDir = null;
let exiting = false;

function spawnTracked(cmd, args, { cwd, env, log }) {
  const fd = openSync(log, 'a');
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  child.exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      child.exitInfo = { code, signal };
      resolve(child.exitInfo);
    }),
  );
  child.log = log;
  children.add(child);
  return child;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

async function stopChild(child) {
  if (!children.has(child)) return;
  killGroup(child, 'SIGTERM');
  const t = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
  await child.exited;
  clearTimeout(t);
}

function killAllNow() {
  for (const c of children) killGroup(c, 'SIGKILL');
}

process.on('exit', killAllNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (exiting) return;
    exiting = true;
    console.error(`\n${sig}: stopping ${children.size} child process(es)`);
    killAllNow();
    if (workDir && !opt.keep) rmSync(workDir, { recursive: true, force: true });
    process.exit(130);
  });
}
process.on('uncaughtException', (e) => fail(e));
process.on('unhandledRejection', (e) => fail(e));
const watchdog = setTimeout(
  () => fail(new Error(`bench exceeded --max-minutes ${opt['max-minutes']}`)),
  Number(opt['max-minutes']) * 60_000,
);
watchdog.unref();

function fail(e) {
  if (exiting) return;
  exiting = true;
  console.error(`\nbench failed: ${e?.stack ?? e}`);
  killAllNow();
  if (workDir) console.error(`(temp dir kept for inspection: ${workDir})`);
  process.exit(1);
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

// ---------------------------------------------------------------------------------------
// Small HTTP helpers (node:http, no keep-alive, so every poll is a fresh connection).

function request(port, urlPath, headers = {}, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: HOST, port, path: urlPath, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout GET ${urlPath}`)));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `urlPath` every 10 ms until a 200; resolves to ms since t0. */
async function pollUntil200(child, port, urlPath, t0, deadlineMs = 60_000) {
  let last = 'no answer';
  while (performance.now() - t0 < deadlineMs) {
    if (child.exitInfo) {
      throw new Error(
        `server exited (${JSON.stringify(child.exitInfo)}) before ${urlPath} answered 200.\n` + `--- ${child.log} ---\n${tail(child.log)}`,
      );
    }
    try {
      const res = await request(port, urlPath, {}, 2000);
      if (res.status === 200) return performance.now() - t0;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.code ?? e.message;
    }
    await sleep(10);
  }
  throw new Error(`no 200 on ${urlPath} within ${deadlineMs / 1000} s (last: ${last}).\n--- ${child.log} ---\n${tail(child.log)}`);
}

// ---------------------------------------------------------------------------------------
// Memory: VmRSS of the server's process tree sampled every 100 ms, VmHWM read at the end.

function procStatusKb(pid, field) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function descendants(root) {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(d), ppid);
    } catch {
      /* gone */
    }
  }
  const out = [];
  const want = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (want.has(ppid) && !want.has(pid)) {
        want.add(pid);
        out.push(pid);
        grew = true;
      }
    }
  }
  return out;
}

function rssSampler(pid) {
  let maxRssKb = 0;
  let maxTreeKb = 0;
  let treeSize = 1;
  let samples = 0;
  const sample = () => {
    const kids = descendants(pid);
    treeSize = Math.max(treeSize, 1 + kids.length);
    const own = procStatusKb(pid, 'VmRSS');
    const tree = own + kids.reduce((n, p) => n + procStatusKb(p, 'VmRSS'), 0);
    maxRssKb = Math.max(maxRssKb, own);
    maxTreeKb = Math.max(maxTreeKb, tree);
    samples++;
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    /** Call while the process is still alive. */
    stop() {
      clearInterval(timer);
      sample();
      const kids = descendants(pid);
      const hwmKb = procStatusKb(pid, 'VmHWM');
      const treeHwmKb = hwmKb + kids.reduce((n, p) => n + procStatusKb(p, 'VmHWM'), 0);
      return {
        vmHwmMb: mb(hwmKb),
        treeVmHwmMb: mb(treeHwmKb),
        sampledMaxRssMb: mb(maxRssKb),
        sampledMaxTreeRssMb: mb(maxTreeKb),
        processes: treeSize,
        samples,
      };
    },
  };
}
const mb = (kb) => Math.round((kb / 1024) * 10) / 10;

// ---------------------------------------------------------------------------------------
// The archive: generate, import, cache.

function hashTree(dir, filter = () => true) {
  const h = createHash('sha256');
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (filter(p)) h.update(path.relative(dir, p)).update('\0').update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 16);
}

/** Changes when the compiled migrations change, so a cached DB is re-imported then. */
function schemaStamp() {
  return hashTree(DIST, (p) => /migrat/i.test(path.relative(DIST, p)));
}

function mastheadEnv(dir, port) {
  return {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    HOST,
    PORT: String(port),
    SITE_URL: `http://${HOST}:${port}`,
    DATABASE_URL: `file:${path.join(dir, 'bench.db')}`,
    MEDIA_DIR: path.join(dir, 'media'),
    DATA_DIR: path.join(dir, 'data'),
  };
}

function copyDb(from, to) {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) {
    if (f.startsWith('bench.db')) cpSync(path.join(from, f), path.join(to, f));
  }
  cpSync(path.join(from, 'media'), path.join(to, 'media'), { recursive: true });
}

async function prepareArchive(work) {
  const cache = path.join(BENCH_DIR, `archive-g${GENERATOR_VERSION}-n${STORIES}`);
  const metaFile = path.join(cache, 'meta.json');
  const stamp = schemaStamp();
  // One imported DB per schema, so builds with different migrations (--dist) each keep theirs.
  const dbDir = path.join(cache, `db-${stamp}`);
  const dbMetaFile = path.join(dbDir, 'import.json');
  let meta = !opt.fresh && existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : null;
  if (meta && meta.generatorVersion !== GENERATOR_VERSION) meta = null;

  if (!meta) {
    const out = path.join(work, 'bundle');
    const t0 = performance.now();
    const anchor = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
    const summary = await generate(out, { stories: STORIES, now: anchor });
    const generateMs = Math.round(performance.now() - t0);
    const bundle = JSON.parse(readFileSync(summary.file, 'utf8'));
    const slugs = bundle.articles
      .map((a) => [Date.parse(a.published_at), a.slug])
      .sort((a, b) => a[0] - b[0])
      .map((x) => x[1]);
    const sections = bundle.sections.map((s) => ({ slug: s.slug, layout: s.layout }));
    meta = {
      generatorVersion: GENERATOR_VERSION,
      stories: STORIES,
      anchor: anchor.toISOString(),
      generatedAt: new Date().toISOString(),
      generateMs,
      bundleBytes: summary.bytes,
      summary: { ...summary, file: undefined },
      sections,
      slugs,
    };
    console.log(
      `generated ${STORIES.toLocaleString('en')} stories (${(summary.bytes / 1e6).toFixed(1)} MB JSON, ` +
        `~${summary.avgWords} words each) in ${(generateMs / 1000).toFixed(1)} s`,
    );
    // Publish the bundle into the cache (atomically), dropping any stale DB with it.
    const tmp = `${cache}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    cpSync(out, tmp, { recursive: true });
    writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify(meta));
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(BENCH_DIR, { recursive: true });
    renameSync(tmp, cache);
  } else {
    console.log(`archive: cached ${path.relative(ROOT, cache)} (generated ${meta.generatedAt})`);
  }

  const dbMeta = existsSync(dbMetaFile) ? JSON.parse(readFileSync(dbMetaFile, 'utf8')) : null;
  if (dbMeta && dbMeta.stamp === stamp && !opt.fresh) {
    copyDb(dbDir, work);
    console.log(
      `import: cached DB (${meta.stories.toLocaleString('en')} stories imported in ` +
        `${(dbMeta.importMs / 1000).toFixed(1)} s on ${dbMeta.importedAt})`,
    );
    return { meta, import: { ...dbMeta, cached: true } };
  }
  if (dbMeta && dbMeta.stamp !== stamp && !opt.fresh) console.log('import: migrations changed since the cached DB; re-importing');

  // Import: the real CLI, a fresh SQLite file, cwd = the temp dir.
  const bundleFile = path.join(cache, 'bundle.json');
  const log = path.join(work, 'import.log');
  const env = mastheadEnv(work, 0);
  delete env.PORT;
  delete env.SITE_URL;
  console.log(`import: node dist/cli/masthead.js import ${path.relative(ROOT, bundleFile)} …`);
  const t0 = performance.now();
  const child = spawnTracked(process.execPath, [CLI, 'import', bundleFile], { cwd: work, env, log });
  const { code, signal } = await child.exited;
  const importMs = Math.round(performance.now() - t0);
  if (code !== 0) {
    throw new Error(
      `import failed (exit ${code ?? signal}) after ${(importMs / 1000).toFixed(1)} s.\n` +
        `--- last lines of ${log} ---\n${tail(log, 40)}`,
    );
  }
  const lastLine = tail(log, 1);
  console.log(`import: ${STORIES.toLocaleString('en')} stories in ${(importMs / 1000).toFixed(1)} s — "${lastLine}"`);
  const record = {
    stamp,
    importMs,
    importedAt: new Date().toISOString(),
    summaryLine: lastLine,
    dbBytes: dirBytes(work, (f) => f.startsWith('bench.db')),
  };

  const tmpDb = path.join(cache, `db.tmp-${process.pid}`);
  rmSync(tmpDb, { recursive: true, force: true });
  copyDb(work, tmpDb);
  writeFileSync(path.join(tmpDb, 'import.json'), JSON.stringify(record, null, 2));
  rmSync(dbDir, { recursive: true, force: true });
  renameSync(tmpDb, dbDir);
  return { meta, import: { ...record, cached: false } };
}

function dirBytes(dir, filter) {
  return readdirSync(dir)
    .filter(filter)
    .reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

// ---------------------------------------------------------------------------------------
// Servers.

async function startServer(kind, { port, work, bodyFile, contentType, label }) {
  const log = path.join(work, `${label}.log`);
  let child;
  const t0 = performance.now();
  if (kind === 'masthead') {
    const prof = opt['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(opt['cpu-prof'])] : [];
    child = spawnTracked(process.execPath, [...prof, CLI, 'serve'], { cwd: work, env: mastheadEnv(work, port), log });
  } else {
    child = spawnTracked(process.execPath, [path.join(HERE, 'bare-server.mjs')], {
      cwd: work,
      env: { ...process.env, PORT: String(port), HOST, BODY_FILE: bodyFile, CONTENT_TYPE: contentType },
      log,
    });
  }
  return { child, t0, port };
}

/** Spawns `runs` times; all but the last are stopped. Returns the live server and timings. */
async function coldStarts(kind, runs, paths, opts) {
  const timings = [];
  let server;
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    server = await startServer(kind, { ...opts, port, label: `${opts.label}-${i + 1}` });
    const ms = await Promise.all(paths.map((p) => pollUntil200(server.child, port, p, server.t0)));
    timings.push(Object.fromEntries(paths.map((p, j) => [p, Math.round(ms[j])])));
    if (i < runs - 1) await stopChild(server.child);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = Object.fromEntries(paths.map((p) => [p, median(timings.map((t) => t[p]))]));
  return { server, timings, median: summary };
}

// ---------------------------------------------------------------------------------------
// Load.

const failures = [];

/** CPU time (user + system, ms) used so far by a process tree: robust to other load on the machine. */
function cpuMs(pid) {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) * tick;
    } catch {
      /* gone */
    }
  }
  return total;
}

async function load(name, port, urlPath, rotatePaths = null, pid = null) {
  const base = {
    url: `http://${HOST}:${port}${urlPath}`,
    connections: CONNECTIONS,
    pipelining: 1,
    timeout: 10,
  };
  if (rotatePaths) {
    let i = 0;
    base.requests = [{ method: 'GET', setupRequest: (req) => ({ ...req, path: rotatePaths[i++ % rotatePaths.length] }) }];
  }
  const check = (phase, r) => {
    const bad = r.non2xx + r.errors + r.timeouts;
    if (bad > 0) {
      const codes = Object.entries(r.statusCodeStats ?? {})
        .map(([c, v]) => `${c}×${v.count}`)
        .join(' ');
      failures.push(`${name} (${phase}): ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts [${codes}]`);
    }
  };
  if (WARMUP > 0) check('warm-up', await autocannon({ ...base, duration: WARMUP }));
  const cpu0 = pid ? cpuMs(pid) : 0;
  const r = await autocannon({ ...base, duration: DURATION });
  const serverCpuMs = pid ? cpuMs(pid) - cpu0 : null;
  check('measured', r);
  return {
    target: name,
    path: rotatePaths ? `${rotatePaths.length} article URLs, rotating` : urlPath,
    reqPerSec: Math.round(r.requests.mean * 10) / 10,
    reqPerSecStddev: Math.round(r.requests.stddev * 10) / 10,
    totalRequests: r.requests.total,
    latencyMs: { mean: r.latency.mean, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
    throughputMBps: Math.round((r.throughput.mean / 1e6) * 10) / 10,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    // The server's CPU per 2xx response: what a page costs, whoever else shares the machine.
    serverCpuMsPerRequest: serverCpuMs === null || !r['2xx'] ? null : Math.round((serverCpuMs / r['2xx']) * 1000) / 1000,
  };
}

// ---------------------------------------------------------------------------------------
// Page weight.

const gz = (b) => zlib.gzipSync(b, { level: 6 }).length;
const br = (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

async function pageWeight(port, urlPath, html) {
  const text = html.toString('utf8');
  const attr = (tag, name) =>
    tag
      .match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'))
      ?.slice(1)
      .find((x) => x !== undefined);
  const css = [];
  const js = [];
  for (const m of text.matchAll(/<link\b[^>]*>/gi)) {
    if (/\brel\s*=\s*["']?[^"'>]*stylesheet/i.test(m[0])) css.push(attr(m[0], 'href'));
  }
  let inlineJs = 0;
  for (const m of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attr(`<x ${m[1]}>`, 'src');
    const type = attr(`<x ${m[1]}>`, 'type');
    if (src) js.push(src);
    else if (!type || /javascript|module/i.test(type)) inlineJs += Buffer.byteLength(m[2]);
  }
  const fetchAll = async (urls) => {
    const out = [];
    for (const u of urls.filter(Boolean)) {
      const url = new URL(u, `http://${HOST}:${port}${urlPath}`);
      if (url.host !== `${HOST}:${port}`) {
        out.push({ url: u, thirdParty: true });
        continue;
      }
      const res = await request(port, url.pathname + url.search);
      out.push({ url: url.pathname, status: res.status, raw: res.body.length, gzip: gz(res.body) });
    }
    return out;
  };
  const cssFiles = await fetchAll(css);
  const jsFiles = await fetchAll(js);
  const sum = (xs, k) => xs.reduce((n, x) => n + (x[k] ?? 0), 0);
  const html_ = { raw: html.length, gzip: gz(html), brotli: br(html) };
  return {
    html: html_,
    css: { files: cssFiles, raw: sum(cssFiles, 'raw'), gzip: sum(cssFiles, 'gzip') },
    js: { files: jsFiles, inlineRaw: inlineJs, raw: sum(jsFiles, 'raw') + inlineJs, gzip: sum(jsFiles, 'gzip') },
    totalGzip: html_.gzip + sum(cssFiles, 'gzip') + sum(jsFiles, 'gzip'),
  };
}

// ---------------------------------------------------------------------------------------
// Output.

const fmtInt = (n) => Math.round(n).toLocaleString('en');
const fmtMs = (n) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);
const pad = (s, n, right = false) => (right ? String(s).padStart(n) : String(s).padEnd(n));
const pct = (a, b) => `${((a / b) * 100).toFixed(a / b < 0.1 ? 2 : 1)} %`;

function printReport(R) {
  const bare = R.load.find((x) => x.baseline);
  const lines = [];
  lines.push('');
  lines.push(
    `Masthead bench — ${R.meta.stories.toLocaleString('en')} stories, autocannon ${R.meta.durationS} s × ` +
      `${R.meta.connections} connections (+${R.meta.warmupS} s warm-up), ${HOST}, Node ${process.version}, ` +
      `${R.meta.cpus} CPU(s)${R.meta.selfTest ? '  [SELF-TEST: "masthead" is a second bare server]' : ''}`,
  );
  const la = R.meta.loadAvgAtStart;
  if (la[0] > 0.5 * R.meta.cpus) {
    lines.push(
      `WARNING: load average was ${la.map((x) => x.toFixed(2)).join(' ')} at start on ${R.meta.cpus} CPU(s): ` +
        'other work shared the machine, figures are noisy.',
    );
  }
  lines.push('');
  const W = [34, 13, 9, 9, 13];
  lines.push(
    pad('target', W[0]) +
      pad('req/s (mean)', W[1], true) +
      pad('p99 ms', W[2], true) +
      pad('p50 ms', W[3], true) +
      pad('vs bare', W[4], true) +
      pad('server CPU ms/req', 19, true),
  );
  lines.push('-'.repeat(W.reduce((a, b) => a + b)));
  for (const x of R.load) {
    lines.push(
      pad(x.baseline ? `${x.target}` : x.target, W[0]) +
        pad(fmtInt(x.reqPerSec), W[1], true) +
        pad(x.latencyMs.p99, W[2], true) +
        pad(x.latencyMs.p50, W[3], true) +
        pad(x.baseline ? '(baseline)' : pct(x.reqPerSec, bare.reqPerSec), W[4], true) +
        pad(x.serverCpuMsPerRequest ?? '', 19, true),
    );
  }
  lines.push(
    pad('  for scale: Ghost 6, article page', W[0]) +
      pad(fmtInt(GHOST.articleRps), W[1], true) +
      pad('', W[2] + W[3]) +
      pad(`${GHOST.articleRatioPct} %`, W[4], true) +
      '   (quoted in issue 2)',
  );
  lines.push('');
  const V = [40, 16, 22, 20];
  lines.push(pad('', V[0]) + pad('Masthead', V[1], true) + pad('bare node:http', V[2], true) + pad('Ghost 6 (quoted)', V[3], true));
  lines.push('-'.repeat(V.reduce((a, b) => a + b)));
  const row = (label, a, b, g = '') => lines.push(pad(label, V[0]) + pad(a, V[1], true) + pad(b, V[2], true) + pad(g, V[3], true));
  const cs = R.coldStart;
  row(`cold start → 200 /healthz (median of ${cs.masthead.timings.length})`, fmtMs(cs.masthead.healthzMs), fmtMs(cs.bare.firstMs), '');
  row('cold start → 200 article page', fmtMs(cs.masthead.articleMs), fmtMs(cs.bare.firstMs), fmtMs(GHOST.coldStartMs));
  row('peak RSS (VmHWM)', `${R.rss.masthead.vmHwmMb} MB`, `${R.rss.bare.vmHwmMb} MB`, `${GHOST.peakRssMb} MB`);
  row('peak RSS (VmRSS sampled / 100 ms)', `${R.rss.masthead.sampledMaxTreeRssMb} MB`, `${R.rss.bare.sampledMaxTreeRssMb} MB`, '');
  const p = R.page;
  row('article HTML bytes (raw)', fmtInt(p.html.raw), `${fmtInt(p.html.raw)} (same)`, '');
  row('article HTML bytes (gzip -6)', fmtInt(p.html.gzip), `${fmtInt(p.html.gzip)} (same)`, '');
  row('page weight HTML+CSS+JS (gzip)', fmtInt(p.totalGzip), '', '');
  row('JavaScript (raw, incl. inline)', fmtInt(p.js.raw), '', `~${fmtInt(GHOST.jsBytes)}`);
  if (p.served) row(`served with Accept-Encoding`, `${p.served.encoding ?? 'identity'} ${fmtInt(p.served.bytes)}`, '', '');
  lines.push('');
  const im = R.import;
  if (im) {
    lines.push(
      `import: ${R.meta.stories.toLocaleString('en')} stories in ${(im.importMs / 1000).toFixed(1)} s` +
        `${im.cached ? ` (cached DB, imported ${im.importedAt})` : ''}; DB ${(im.dbBytes / 1e6).toFixed(0)} MB`,
    );
  }
  lines.push(`article page: ${R.paths.article}   section page: ${R.paths.section}`);
  lines.push(`results: ${path.relative(process.cwd(), R.resultsFile) || R.resultsFile}`);
  lines.push(R.ok ? 'OK: no non-2xx responses or errors.' : `FAILED:\n  ${R.failures.join('\n  ')}`);
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------------------------------
// Main.

let loadAvgAtStart = [0, 0, 0];

async function main() {
  if (!opt['self-test'] && !existsSync(CLI)) {
    throw new Error(`${path.relative(ROOT, CLI)} not found: run \`npm run build\` first (or \`npm run bench\`).`);
  }
  workDir = mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-'));
  loadAvgAtStart = os.loadavg();
  console.log(`temp dir: ${workDir}`);

  let archive = null;
  let articlePath;
  let rotatePaths;
  let sectionPath;
  let masthead;
  let pageBody;
  let contentType;

  if (opt['self-test']) {
    // A synthetic 40 KB page stands in for Masthead; exercises every harness path.
    const bodyFile = path.join(workDir, 'synthetic.html');
    const para = '<p>' + 'lorem ipsum dolor sit amet '.repeat(30) + '</p>\n';
    writeFileSync(bodyFile, `<!doctype html><html lang="en"><title>t</title><body>${para.repeat(50)}</body></html>`);
    articlePath = '/some-article';
    rotatePaths = Array.from({ length: ROTATE }, (_, i) => `/article-${i}`);
    sectionPath = '/section/europe';
    masthead = await coldStarts('bare', COLD_RUNS, ['/healthz', articlePath], {
      work: workDir,
      bodyFile,
      contentType: 'text/html; charset=utf-8',
      label: 'fake-masthead',
    });
  } else {
    archive = await prepareArchive(workDir);
    const slugs = archive.meta.slugs;
    const mid = slugs[Math.floor(slugs.length / 2)];
    articlePath = `/${mid}`;
    const step = Math.max(1, Math.floor(slugs.length / ROTATE));
    rotatePaths = Array.from({ length: Math.min(ROTATE, slugs.length) }, (_, i) => `/${slugs[(i * step) % slugs.length]}`);
    const section = opt.section ?? archive.meta.sections.find((s) => s.layout !== 'briefs').slug;
    sectionPath = `/section/${section}`;
    console.log(`cold start: masthead serve ×${COLD_RUNS} (article ${articlePath}) …`);
    masthead = await coldStarts('masthead', COLD_RUNS, ['/healthz', articlePath], { work: workDir, label: 'masthead' });
  }
  const mPort = masthead.server.port;
  const mRss = rssSampler(masthead.server.child.pid);

  // The article's exact bytes and headers, identity-encoded (autocannon sends no Accept-Encoding).
  const art = await request(mPort, articlePath);
  if (art.status !== 200) throw new Error(`GET ${articlePath} answered ${art.status}`);
  pageBody = art.body;
  contentType = art.headers['content-type'];
  const bodyFile = path.join(workDir, 'article.html');
  writeFileSync(bodyFile, pageBody);
  const page = await pageWeight(mPort, articlePath, pageBody);
  const comp = await request(mPort, articlePath, { 'accept-encoding': 'gzip, deflate, br' });
  page.served = { encoding: comp.headers['content-encoding'] ?? null, bytes: comp.body.length };
  page.contentType = contentType;

  // Sanity: the other targets answer 200 before we load them (a clear message beats 500k non-2xx).
  for (const p of [...new Set(['/', sectionPath, rotatePaths[0], rotatePaths.at(-1)])]) {
    const r = await request(mPort, p);
    if (r.status !== 200) {
      throw new Error(`GET ${p} answered ${r.status} before the load test.\n--- server log ---\n${tail(masthead.server.child.log)}`);
    }
  }

  // Baseline first, then stop it so it does not share the machine with the Masthead runs.
  console.log('cold start: bare node:http server …');
  const bare = await coldStarts('bare', COLD_RUNS, ['/'], { work: workDir, bodyFile, contentType, label: 'bare' });
  const bRss = rssSampler(bare.server.child.pid);
  const results = [];
  const step = (name) => console.log(`load: ${name} (${WARMUP} s warm-up + ${DURATION} s) …`);
  step('bare node:http');
  results.push({
    ...(await load('bare node:http, same bytes', bare.server.port, articlePath, null, bare.server.child.pid)),
    baseline: true,
  });
  const bareRss = bRss.stop();
  await stopChild(bare.server.child);

  const targets = [
    ['article', 'article page', articlePath, null],
    ['rotate', `article page, ${rotatePaths.length} rotating`, articlePath, rotatePaths],
    ['front', 'front page /', '/', null],
    ['section', `section page ${sectionPath}`, sectionPath, null],
  ]
    .filter(([key]) => ONLY.has(key))
    .map(([, ...rest]) => rest);
  for (const [name, p, rot] of targets) {
    step(name);
    results.push(await load(name, mPort, p, rot, masthead.server.child.pid));
  }
  const mastheadRss = mRss.stop();
  const alive = !masthead.server.child.exitInfo;
  await stopChild(masthead.server.child);
  if (!alive) failures.push(`server exited during the run: ${JSON.stringify(masthead.server.child.exitInfo)}`);

  const bareRps = results[0].reqPerSec;
  for (const r of results) r.ratioToBarePct = Math.round((r.reqPerSec / bareRps) * 10000) / 100;

  const resultsFile = path.join(BENCH_DIR, opt['self-test'] ? 'results.self-test.json' : 'results.json');
  const R = {
    ok: failures.length === 0,
    failures,
    date: new Date().toISOString(),
    meta: {
      stories: archive?.meta.stories ?? 0,
      generatorVersion: GENERATOR_VERSION,
      durationS: DURATION,
      warmupS: WARMUP,
      connections: CONNECTIONS,
      host: HOST,
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadAvgAtStart,
      loadAvgAtEnd: os.loadavg(),
      totalMemMb: Math.round(os.totalmem() / 2 ** 20),
      selfTest: opt['self-test'],
      command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    },
    import: archive?.import ?? null,
    paths: { article: articlePath, section: sectionPath, rotating: rotatePaths.length },
    load: results,
    coldStart: {
      masthead: { healthzMs: masthead.median['/healthz'], articleMs: masthead.median[articlePath], timings: masthead.timings },
      bare: { firstMs: bare.median['/'], timings: bare.timings },
    },
    rss: { masthead: mastheadRss, bare: bareRss },
    page,
    ghost6Quoted: GHOST,
    resultsFile,
  };
  mkdirSync(BENCH_DIR, { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(R, null, 2) + '\n');
  printReport(R);

  if (!opt.keep && R.ok) rmSync(workDir, { recursive: true, force: true });
  else console.log(`temp dir kept (server logs, DB copy): ${workDir}`);
  workDir = null;
  process.exit(R.ok ? 0 : 1);
}

main().catch(fail);
