// The newsroom's subscriber screens at scale: imports 100,000 subscribers (ten 10,000-row
// imports, confirmed a week apart) into an empty database, then times each query the
// subscriber list, its growth chart and the CSV export run. Needs `npm run build` first.
//
//   node bench/subscribers.mjs                          # a temporary SQLite file
//   DATABASE_URL=postgres://…/empty_db node bench/subscribers.mjs
//
// Not a test: it prints figures. The database must be empty (it is migrated here).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { parseDatabaseUrl } from '../dist/config/config.js';
import { growthWeeks } from '../dist/content/growth-weeks.js';
import { subscriberGrowth } from '../dist/store/subscribers/subscriber-growth-repository.js';
import { importSubscribers } from '../dist/store/subscribers/subscriber-import-repository.js';
import { listSubscribers, subscriberBatch, subscriberCounts } from '../dist/store/subscribers/subscriber-repository.js';
import { openStore } from '../dist/store/store.js';

const dir = process.env.DATABASE_URL ? null : mkdtempSync(path.join(tmpdir(), 'masthead-subscribers-'));
const store = await openStore(parseDatabaseUrl(process.env.DATABASE_URL ?? `file:${path.join(dir, 'bench.db')}`));
await store.migrate();
const { db } = store;
const all = { q: '', status: null, list: null };

async function time(label, work) {
  const started = performance.now();
  const result = await work();
  console.log(`${label.padEnd(44)} ${String(Math.round(performance.now() - started)).padStart(6)} ms`);
  return result;
}

const now = Date.now();
for (let batch = 0; batch < 10; batch++) {
  const rows = Array.from({ length: 10_000 }, (_, i) => ({
    line: i + 2,
    email: `reader${batch}-${i}@example.com`,
    consentAt: null,
    lists: [],
    source: null,
  }));
  await time(`import 10,000 rows (batch ${batch + 1} of 10)`, () =>
    importSubscribers(db, { rows, defaultSource: 'import: bench.csv', now: new Date(now - (10 - batch) * 7 * 86_400_000).toISOString() }),
  );
}
await db
  .updateTable('subscribers')
  .set({ confirmed_at: sql`created_at` })
  .execute();
await db
  .updateTable('subscribers')
  .set({ status: 'unsubscribed', unsubscribed_at: new Date(now - 86_400_000).toISOString() })
  .where('email', 'like', 'reader3-1%')
  .execute();
await store.dialect.analyze(db);

console.log(`engine: ${store.dialect.engine}, subscribers: 100,000`);
await time('counts by status and list', () => subscriberCounts(db));
await time('growth chart (12 weeks)', () => subscriberGrowth(db, growthWeeks(new Date(), 'Europe/Berlin'), new Date()));
await time('list, page 1', () => listSubscribers(db, all, { limit: 50, offset: 0 }));
await time('list, confirmed on "weekly", page 1,900', () =>
  listSubscribers(db, { q: '', status: 'confirmed', list: 'weekly' }, { limit: 50, offset: 94_950 }),
);
await time('search "reader7-12"', () => listSubscribers(db, { ...all, q: 'reader7-12' }, { limit: 50, offset: 0 }));
await time('export walk, 100,000 rows in batches of 1,000', async () => {
  for (let after = 0; ;) {
    const batch = await subscriberBatch(db, all, after, 1000);
    if (!batch.length) break;
    after = batch.at(-1).id;
  }
});
await store.close();
if (dir) rmSync(dir, { recursive: true, force: true });
