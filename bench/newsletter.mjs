#!/usr/bin/env node
// Newsletter send throughput (issue 4): one issue to N confirmed subscribers through a
// local SMTP sink, by `masthead newsletter send` exactly as an editor would run it.
// Prints messages per second, total time and the sender's peak memory (VmHWM) for each
// list size, beside a baseline measured in the same run: bare nodemailer with the same
// pool size pushing one ready-made copy of the same message to the same sink, with no
// database and no per-recipient work at all — the ceiling of the SMTP path itself.
//
//   npm run build && node bench/newsletter.mjs [--sizes 10000,100000] [--pg postgres://…] [--profile DIR]
//
// SQLite always runs; PostgreSQL runs when --pg (or MASTHEAD_BENCH_PG_URL) names an
// empty database, which is emptied again between sizes.

import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { sql } from 'kysely';
import { openStore } from '../dist/store/store.js';
import { insertIssue, newsletterBySlug } from '../dist/store/newsletter/newsletter-repository.js';
import { renderIssue } from '../dist/newsletter/issue-content.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const cli = path.join(repo, 'dist', 'cli', 'masthead.js');
const bundle = path.join(repo, 'test', 'fixtures', 'reference', 'bundle.json');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const SIZES = option('sizes', '10000,100000').split(',').map(Number);
const PG_URL = option('pg', process.env.MASTHEAD_BENCH_PG_URL);
const PROFILE_DIR = option('profile', null);
const BASELINE_MESSAGES = 20_000;
const SITE_URL = 'https://parallax.example';
const FROM = 'news@parallax.example';

function startSink() {
  const child = fork(path.join(here, 'smtp-sink.mjs'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve) =>
    child.once('message', ({ port }) =>
      resolve({
        url: `smtp://127.0.0.1:${port}`,
        count: () =>
          new Promise((done) => {
            child.once('message', (m) => done(m.count));
            child.send('count');
          }),
        stop: () => child.disconnect(),
      }),
    ),
  );
}

function run(command, argv, env, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, command, ...argv], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let peakKb = 0;
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    // VmHWM is the process's peak resident memory so far; the last reading before exit is its peak.
    const watch = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        /* exited */
      }
    }, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(watch);
      if (code !== 0) reject(new Error(`${path.basename(command)} ${argv.join(' ')} exited ${code}:\n${out}`));
      else resolve({ out, peakMb: peakKb / 1024 });
    });
  });
}

async function baseline(sink, html, text) {
  const raw = await new Promise((resolve, reject) =>
    nodemailer
      .createTransport({ streamTransport: true, buffer: true })
      .sendMail({ from: FROM, to: 'base@inbox.example', subject: 'Baseline', html, text }, (error, info) =>
        error ? reject(error) : resolve(info.message),
      ),
  );
  const transport = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: 5, maxMessages: 10_000 });
  const before = await sink.count();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < BASELINE_MESSAGES) {
        const n = next++;
        await transport.sendMail({ envelope: { from: FROM, to: [`base${n}@inbox.example`] }, raw });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  if ((await sink.count()) - before !== BASELINE_MESSAGES) throw new Error('the baseline lost messages');
  return BASELINE_MESSAGES / seconds;
}

async function resetPg(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await client.end();
}

async function prepare(engine, size, dir) {
  const databaseUrl = engine === 'sqlite' ? `file:${path.join(dir, 'masthead.db')}` : PG_URL;
  if (engine === 'postgres') await resetPg(PG_URL);
  const env = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dir,
    MEDIA_DIR: path.join(dir, 'media'),
    SITE_URL,
    MAIL_FROM: FROM,
    SECRET_KEY: 'b'.repeat(64),
    LOG_LEVEL: 'warn',
  };
  await run(cli, ['import', bundle], env);
  const store = await openStore(engine === 'sqlite' ? { engine, file: path.join(dir, 'masthead.db') } : { engine, url: PG_URL });
  const list = await newsletterBySlug(store.db, 'weekly');
  const at = new Date().toISOString();
  for (let first = 0; first < size; first += 1000) {
    const count = Math.min(1000, size - first);
    await store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('subscribers')
        .values(
          Array.from({ length: count }, (_, i) => ({
            email: `reader${first + i}@inbox.example`,
            status: 'confirmed',
            created_at: at,
            updated_at: at,
            confirmed_at: at,
            consent_at: at,
            consent_source: 'bench',
          })),
        )
        .execute();
    });
  }
  await store.db
    .insertInto('subscriptions')
    .columns(['subscriber_id', 'newsletter_id', 'status', 'created_at', 'updated_at'])
    .expression((eb) =>
      eb
        .selectFrom('subscribers')
        .select(['id', sql.lit(list.id).as('n'), sql.lit('active').as('s'), sql.val(at).as('c'), sql.val(at).as('u')]),
    )
    .execute();
  const stories = await store.db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .limit(6)
    .execute();
  const issueId = await insertIssue(store.db, {
    newsletterId: list.id,
    subject: 'The week, benchmarked',
    intro: 'Six stories.',
    period: null,
    articleIds: stories.map((s) => s.id),
    staffId: null,
    now: at,
  });
  const rendered = await renderIssue(store.db, issueId, { siteUrl: SITE_URL });
  return { env, store, issueId, rendered };
}

async function sendPhase(store, issueId) {
  const row = await store.db
    .selectFrom('newsletter_deliveries')
    .select((eb) => [eb.fn.min('sent_at').as('first'), eb.fn.max('sent_at').as('last'), eb.fn.countAll().as('sent')])
    .where('issue_id', '=', issueId)
    .where('state', '=', 'sent')
    .executeTakeFirst();
  return { sent: Number(row.sent), seconds: (Date.parse(row.last) - Date.parse(row.first)) / 1000 };
}

const sink = await startSink();
const engines = ['sqlite', ...(PG_URL ? ['postgres'] : [])];
console.log(
  `Newsletter send: ${SIZES.join(', ')} confirmed subscribers; SQLite${PG_URL ? ' and PostgreSQL' : ''}; sink and sender on 127.0.0.1.`,
);
try {
  for (const engine of engines) {
    for (const size of SIZES) {
      const dir = mkdtempSync(path.join(tmpdir(), 'masthead-bench-mail-'));
      try {
        const { env, store, issueId, rendered } = await prepare(engine, size, dir);
        const base = await baseline(sink, rendered.html, rendered.text);
        const before = await sink.count();
        const started = performance.now();
        const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`] : [];
        const { out, peakMb } = await run(cli, ['newsletter', 'send'], { ...env, SMTP_URL: sink.url }, profile);
        const total = (performance.now() - started) / 1000;
        const received = (await sink.count()) - before;
        const phase = await sendPhase(store, issueId);
        await store.close();
        if (received !== size || phase.sent !== size)
          throw new Error(`expected ${size} messages, the sink got ${received} and ${phase.sent} are recorded sent\n${out}`);
        const rate = size / total;
        console.log(
          `${engine.padEnd(8)} ${String(size).padStart(7)} recipients: ${total.toFixed(1)} s in all (${rate.toFixed(0)} msg/s; sending phase ${(phase.sent / phase.seconds).toFixed(0)} msg/s), peak memory ${peakMb.toFixed(0)} MB | baseline bare SMTP pool ${base.toFixed(0)} msg/s | ratio ${(rate / base).toFixed(2)}`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
} finally {
  sink.stop();
}
