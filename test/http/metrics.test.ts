import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startMasthead, type Masthead } from '../helpers/server.js';

// /metrics and /readyz on the real server (docs/operations.md): the token gate, a scrape
// that parses as Prometheus text and counts what was asked before it by route pattern and
// status, and readiness that fails with a reason when a migration is missing or the
// database is gone. (Without METRICS_TOKEN /metrics is a 404: test/inject/operations.test.ts.)

const TOKEN = 'metrics-token-for-the-test-0123456789';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict reader of the text format: every line a comment or a well-formed sample of a TYPEd family. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  expect(text.endsWith('\n'), 'ends with a newline').toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      expect(types.has(type[1]!), `one TYPE line for ${type[1]}`).toBe(false);
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    expect(sample, `a sample line: ${line}`).not.toBeNull();
    const labels: Record<string, string> = {};
    const labelText = sample![2] ?? '';
    const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
    while (pair.lastIndex < labelText.length) {
      const match = pair.exec(labelText);
      expect(match, `labels of ${line}`).not.toBeNull();
      labels[match![1]!] = match![2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const value = sample![3] === '+Inf' ? Infinity : Number(sample![3]);
    expect(Number.isNaN(value), `a number in ${line}`).toBe(false);
    const name = sample![1]!;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(family), `${name} follows its TYPE line`).toBe(true);
    samples.push({ name, labels, value });
  }
  return { samples, types };
}

const find = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe.each(engines())('/metrics and /readyz on %s', (engine) => {
  let masthead: Masthead;
  const scrape = (authorization?: string) =>
    fetch(`${masthead.url}/metrics`, { headers: authorization ? { authorization } : {}, signal: AbortSignal.timeout(15_000) });

  beforeAll(async () => {
    masthead = await startMasthead({ engine, env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => masthead?.stop());

  it('refuses a scrape without the token or with a wrong one (401), telling nothing', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`]) {
      const response = await scrape(authorization);
      const body = await response.text();
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(body).not.toContain('masthead_');
    }
  });

  it('counts earlier requests by route pattern and status, with latency histograms', async () => {
    // Asked before the scrape: an API list without a key (401), an unknown story (404 from
    // the /:slug route), an address no route matches, and the front page twice (a
    // render, then a page-cache hit).
    expect((await fetch(`${masthead.url}/api/content/articles?page=2`)).status).toBe(401);
    expect((await fetch(`${masthead.url}/no-such-page-xyz`)).status).toBe(404);
    expect((await fetch(`${masthead.url}/no/such/page/xyz`)).status).toBe(404);
    for (let i = 0; i < 2; i++) expect((await fetch(`${masthead.url}/`)).status).toBe(200);

    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { samples, types } = parseExposition(await response.text());

    const listed = find(samples, 'masthead_http_requests_total', { method: 'GET', route: '/api/content/articles', status: '401' });
    expect(listed.map((s) => s.value)).toEqual([1]);
    expect(find(samples, 'masthead_http_requests_total', { method: 'GET', route: '/:slug', status: '404' }).map((s) => s.value)).toEqual([
      1,
    ]);
    expect(find(samples, 'masthead_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }).map((s) => s.value)).toEqual(
      [1],
    );
    // Never the raw address: no query string, no unknown path in any label.
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes('?') || v.includes('no-such-page')))).toBe(false);

    expect(types.get('masthead_http_request_duration_seconds')).toBe('histogram');
    const buckets = find(samples, 'masthead_http_request_duration_seconds_bucket', { method: 'GET', route: '/api/content/articles' });
    expect(buckets.at(-1)!.labels.le).toBe('+Inf');
    expect(buckets.at(-1)!.value).toBe(1);
    const counts = buckets.map((b) => b.value);
    expect(counts, 'buckets are cumulative').toEqual([...counts].sort((a, b) => a - b));

    expect(find(samples, 'masthead_page_cache_lookups_total', { cache: 'pages', outcome: 'hit' })[0]!.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'masthead_database_up', {})[0]!.value).toBe(1);
    expect(find(samples, 'masthead_jobs', { state: 'due' })).toHaveLength(1);
    expect(find(samples, 'masthead_jobs_oldest_due_age_seconds', {})).toHaveLength(1);
    expect(find(samples, 'masthead_event_loop_delay_seconds', { quantile: '0.99' })).toHaveLength(1);
    // Only PostgreSQL has a pool; a SQLite file is one connection in the process.
    expect(find(samples, 'masthead_db_pool_connections', { state: 'max' }).length).toBe(engine === 'postgres' ? 1 : 0);
  });

  it('is ready while the database answers and every migration is applied, and says why not otherwise', async () => {
    const ready = await fetch(`${masthead.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'ready' });

    // A migration this build knows goes missing from the database's record of applied ones.
    const forget = "delete from kysely_migration where name = '0010-related-stories'";
    const remember = "insert into kysely_migration (name, timestamp) values ('0010-related-stories', '2026-01-01T00:00:00.000Z')";
    const run = async (statement: string) => {
      if (engine === 'sqlite') {
        const db = new Database(masthead.env.DATABASE_URL!.slice('file:'.length));
        db.prepare(statement).run();
        db.close();
        return;
      }
      const client = new pg.Client({ connectionString: masthead.env.DATABASE_URL });
      await client.connect();
      await client.query(statement);
      await client.end();
    };
    await run(forget);
    const pending = await fetch(`${masthead.url}/readyz`);
    expect(pending.status).toBe(503);
    expect(pending.headers.get('retry-after')).toBe('5');
    expect(((await pending.json()) as { reason: string }).reason).toMatch(/Migrations not applied: 0010-related-stories/);
    await run(remember);
    expect((await fetch(`${masthead.url}/readyz`)).status).toBe(200);
  });

  it.runIf(engine === 'postgres')('is not ready once the database is gone, while /metrics still answers', async () => {
    masthead.allowErrorLogs(/database|terminat|does not exist|ECONNREFUSED|connection/i);
    const name = new URL(masthead.env.DATABASE_URL!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.MASTHEAD_TEST_PG_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();

    const gone = await fetch(`${masthead.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
    expect(gone.status).toBe(503);
    expect(await gone.json()).toEqual({ status: 'unavailable', reason: 'The database does not answer.' });
    const metrics = await scrape(`Bearer ${TOKEN}`);
    expect(metrics.status).toBe(200);
    const { samples } = parseExposition(await metrics.text());
    expect(find(samples, 'masthead_database_up', {})[0]!.value).toBe(0);
  });
});
