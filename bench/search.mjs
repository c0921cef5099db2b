#!/usr/bin/env node
// Search latency over a generated archive (issue 5): p50 and p95 per query, through the
// same searchArticles() the reader site calls (ranked page of 20 plus the total count).
//
//   npm run build && node bench/search.mjs [--stories 100000] [--runs 40] [--pg postgres://…]
//
// Stories are written straight into a fresh database (the importer's image work is not
// what is measured here), then indexed with reindexAllArticles, timed. SQLite always
// runs; PostgreSQL runs when --pg (or MASTHEAD_BENCH_PG_URL) names an empty database.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseSearchQuery } from '../dist/content/search-query.js';
import { searchArticles } from '../dist/store/search/search-articles.js';
import { reindexAllArticles } from '../dist/store/search/reindex-articles.js';
import { openStore } from '../dist/store/store.js';
import { prng } from './generate.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const STORIES = Number(option('stories', 100_000));
const RUNS = Number(option('runs', 40));
const PG_URL = option('pg', process.env.MASTHEAD_BENCH_PG_URL);

const WORDS = (
  'government minister parliament election coalition policy foreign security border treaty alliance sanctions trade ' +
  'tariff economy inflation budget energy pipeline climate summit talks negotiations ceasefire conflict peace troops drone ' +
  'diplomat embassy envoy ambassador capital region protest reform court ruling refugees migration humanitarian crisis ' +
  'harvest farmers strike industry technology surveillance press journalists statement analysts voters campaign majority ' +
  'leader delegation committee council commission report estimate deal strategy framework pressure relations partners ' +
  'rivals fragile cautious pragmatic hardline moderate national global bilateral strategic historic the of and to in a ' +
  'that for on with as by at from said would could after over into about between under'
).split(' ');
const PEOPLE = [
  'Amara Okafor',
  'Dmitri Castillo',
  'Hana Lindqvist',
  'Farid Moreau',
  'Ines Takahashi',
  'Kofi Varga',
  'Lena Weber',
  'Omar Santos',
];

const QUERIES = [
  ['one common word', 'ceasefire'],
  ['two words', 'pipeline sanctions'],
  ['a person', 'Ines Takahashi'],
  ['a phrase', '"border treaty"'],
  ['a prefix', 'negotiat*'],
  ['an exclusion', 'summit -drone'],
  ['a rare word', 'zanzibar'],
  ['no result', 'xylophonic'],
];

function sentence(r, n) {
  return Array.from({ length: n }, () => r.pick(WORDS)).join(' ');
}

function doc(r) {
  const paragraphs = Array.from({ length: 8 }, () => {
    let text = `${sentence(r, 55)}.`;
    if (r.next() < 0.08) text += ` ${r.pick(PEOPLE)} said so.`;
    if (r.next() < 0.0005) text += ' A delegation from zanzibar attended.';
    return { type: 'paragraph', content: [{ type: 'text', text }] };
  });
  return JSON.stringify({ type: 'doc', content: paragraphs });
}

async function fill(store) {
  const { db } = store;
  const r = prng(42);
  await db
    .insertInto('publication')
    .values({
      id: 1,
      name: 'Bench',
      tagline: '',
      time_zone: 'UTC',
      locale: 'en-US',
      newsletter_pitch: '',
      social: '[]',
      content_version: 0,
    })
    .execute();
  await db.insertInto('sections').values({ slug: 'news', name: 'News', description: '', layout: 'standard', position: 0 }).execute();
  const tags = PEOPLE.map((name) => ({ slug: name.toLowerCase().replace(' ', '-'), name, kind: 'person' }));
  await db.insertInto('tags').values(tags).execute();
  const tagIds = (await db.selectFrom('tags').select('id').orderBy('id').execute()).map((t) => t.id);
  const start = Date.parse('2023-01-01T00:00:00Z');
  for (let i = 0; i < STORIES; i += 1000) {
    await db.transaction().execute(async (trx) => {
      const rows = [];
      for (let j = i; j < Math.min(STORIES, i + 1000); j++) {
        const at = new Date(start + j * 900_000).toISOString();
        rows.push({
          slug: `story-${j}`,
          title: sentence(r, 7),
          dek: sentence(r, 18),
          excerpt: '',
          body: doc(r),
          status: 'published',
          published_at: at,
          created_at: at,
        });
      }
      const ids = await trx.insertInto('articles').values(rows).returning('id').execute();
      const links = ids.filter(() => r.next() < 0.02).map(({ id }) => ({ article_id: id, tag_id: r.pick(tagIds), position: 0 }));
      if (links.length) await trx.insertInto('article_tags').values(links).execute();
    });
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(engine, store) {
  let t = performance.now();
  await fill(store);
  const filled = performance.now() - t;
  t = performance.now();
  await reindexAllArticles(store.db, store.dialect);
  const indexed = performance.now() - t;
  await store.dialect.analyze(store.db);
  console.log(`${engine}: ${STORIES} stories written in ${(filled / 1000).toFixed(1)} s, indexed in ${(indexed / 1000).toFixed(1)} s`);
  const now = new Date().toISOString();
  for (const [name, text] of QUERIES) {
    const { query } = parseSearchQuery(text);
    const times = [];
    let total = 0;
    for (let i = 0; i < RUNS + 3; i++) {
      const begin = performance.now();
      const result = await searchArticles(store.db, store.dialect, {
        query,
        visibility: { audience: 'readers', now },
        limit: 20,
        offset: 0,
      });
      if (i >= 3) times.push(performance.now() - begin); // the first runs warm the caches
      total = result.total;
    }
    times.sort((a, b) => a - b);
    console.log(
      `  ${engine.padEnd(8)} ${name.padEnd(16)} ${text.padEnd(22)} matches ${String(total).padStart(6)}  p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms`,
    );
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'masthead-search-bench-'));
try {
  const sqlite = await openStore({ engine: 'sqlite', file: path.join(dir, 'bench.db') });
  await sqlite.migrate();
  await measure('sqlite', sqlite);
  await sqlite.close();
  if (PG_URL) {
    const pgStore = await openStore({ engine: 'postgres', url: PG_URL });
    await pgStore.migrate();
    await measure('postgres', pgStore);
    await pgStore.close();
  } else {
    console.log('postgres: skipped (pass --pg postgres://… naming an empty database)');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
