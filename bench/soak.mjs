#!/usr/bin/env node
// The soak (issue 12, item 18): `npm run bench:soak` (= npm run build && node bench/soak.mjs).
// The real server (`masthead serve`) on the reference publication, driven for five minutes
// by autocannon at 50 connections on 127.0.0.1 with a mix of reads and writes:
//   the front page, /latest, article pages (rotating), a section page, the content API's
//   list (paged), and a draft created through the admin API (one request in seven).
// It reports every status seen, the 5xx count (the aim: zero), the latency, and the
// server's memory curve (VmRSS every 10 s, read from /proc): the aim is flat.
//
// Options: --seconds S (300), --connections N (50), --postgres (a throwaway PostgreSQL
// cluster instead of a SQLite file, bench/throwaway-postgres.mjs), --env K=V (more server
// environment, repeatable), --json FILE (the figures as JSON too).
// The exit code is 1 when any answer was a 5xx or a socket error.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startThrowawayPostgres } from './throwaway-postgres.mjs';
import { freePort } from './lib/processes.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'masthead.js');
const BUNDLE = path.join(ROOT, 'test', 'fixtures', 'reference', 'bundle.json');
const HOST = '127.0.0.1';
const RSS_EVERY_MS = 10_000;

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    connections: { type: 'string', default: '50' },
    postgres: { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    json: { type: 'string' },
  },
});
const SECONDS = Number(options.seconds);
const CONNECTIONS = Number(options.connections);

const rssOf = (pid) => {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
};
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

const cleanups = [];
const cleanUp = () => {
  for (const step of cleanups.reverse()) {
    try {
      step();
    } catch (error) {
      console.error(`cleanup: ${error.message}`);
    }
  }
  cleanups.length = 0;
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-soak-'));
cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
let databaseUrl = `file:${path.join(dir, 'masthead.db')}`;
if (options.postgres) {
  const cluster = await startThrowawayPostgres();
  cleanups.push(() => cluster.stop());
  databaseUrl = await cluster.freshUrl();
}
const port = await freePort();
const origin = `http://${HOST}:${port}`;
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  MEDIA_DIR: path.join(dir, 'media'),
  DATA_DIR: dir,
  PORT: String(port),
  HOST,
  SITE_URL: origin,
  SECRET_KEY: 's'.repeat(40),
  LOG_LEVEL: 'warn',
  ...Object.fromEntries(options.env.map((pair) => pair.split(/=(.*)/s).slice(0, 2))),
};
const cli = (...args) => {
  const result = spawnSync(process.execPath, [CLI, ...args], { env, cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`masthead ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout.trim();
};
cli('import', BUNDLE);
const contentKey = cli('apikey', 'create', '--name', 'soak reader', '--scope', 'content');
const adminKey = cli('apikey', 'create', '--name', 'soak writer', '--scope', 'admin');

const server = spawn(process.execPath, [CLI, 'serve'], { env, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
let serverErrors = '';
server.stderr.setEncoding('utf8').on('data', (chunk) => {
  serverErrors = (serverErrors + chunk).slice(-4000);
});
cleanups.push(() => server.exitCode === null && server.kill('SIGKILL'));
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${origin}/healthz`)).ok) break;
  } catch {
    // not listening yet
  }
  if (i > 300) throw new Error(`the server did not start:\n${serverErrors}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8'));
const articles = bundle.articles.filter((a) => a.status === 'published').map((a) => a.slug);
const sections = bundle.sections.map((s) => s.slug);
let turn = 0;
let drafts = 0;
const pick = (list) => list[turn++ % list.length];
const requests = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/latest' },
  { method: 'GET', setupRequest: (req) => ({ ...req, path: `/${pick(articles)}` }) },
  { method: 'GET', setupRequest: (req) => ({ ...req, path: `/section/${pick(sections)}` }) },
  {
    method: 'GET',
    headers: { authorization: `Bearer ${contentKey}` },
    setupRequest: (req) => ({ ...req, path: `/api/content/articles?page=${(turn++ % 3) + 1}` }),
  },
  { method: 'GET', setupRequest: (req) => ({ ...req, path: `/${pick(articles)}` }) },
  {
    method: 'POST',
    path: '/api/admin/articles',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ title: `Soak draft ${++drafts} ${process.pid}` }) }),
  },
];

const curve = [{ second: 0, rss: rssOf(server.pid) }];
const started = Date.now();
const sampler = setInterval(() => curve.push({ second: Math.round((Date.now() - started) / 1000), rss: rssOf(server.pid) }), RSS_EVERY_MS);
console.log(`soak: ${SECONDS} s × ${CONNECTIONS} connections against ${origin} (${options.postgres ? 'PostgreSQL' : 'SQLite'})`);
const result = await autocannon({ url: origin, connections: CONNECTIONS, duration: SECONDS, requests, timeout: 30 });
clearInterval(sampler);
curve.push({ second: Math.round((Date.now() - started) / 1000), rss: rssOf(server.pid) });

const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
const fiveHundreds = Object.entries(statuses)
  .filter(([code]) => code.startsWith('5'))
  .reduce((sum, [, count]) => sum + count, 0);
console.log(`requests: ${result.requests.total} (${result.requests.average} /s), drafts written: ${statuses['201'] ?? 0}`);
console.log(`statuses: ${JSON.stringify(statuses)}; socket errors: ${result.errors}, timeouts: ${result.timeouts}`);
console.log(`latency ms: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`);
console.log(`5xx: ${fiveHundreds}`);
console.log('memory (VmRSS of the server):');
for (const point of curve) console.log(`  ${String(point.second).padStart(4)} s  ${point.rss === null ? '—' : `${mb(point.rss)} MB`}`);
const rss = curve.map((p) => p.rss).filter((v) => v !== null);
const afterWarmUp = rss.slice(Math.min(2, rss.length - 1));
console.log(
  `RSS after the first 20 s: min ${mb(Math.min(...afterWarmUp))} MB, max ${mb(Math.max(...afterWarmUp))} MB, end ${mb(rss.at(-1))} MB`,
);
if (env.METRICS_TOKEN) {
  // Where the 5xx came from: the overload guard's counters and the 5xx series by route.
  const text = await (await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text();
  const lines = text
    .split('\n')
    .filter((line) => /^masthead_http_requests_shed_total|^masthead_http_requests_total\{.*status="5/.test(line));
  console.log(`from /metrics:\n  ${lines.join('\n  ')}`);
}
if (options.json) {
  writeFileSync(
    options.json,
    JSON.stringify({ seconds: SECONDS, connections: CONNECTIONS, statuses, fiveHundreds, latency: result.latency, curve }, null, 2),
  );
}
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
process.exitCode = fiveHundreds > 0 || result.errors > 0 ? 1 : 0;
