import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/job-workers.js';
import { pgBouncerInstalled, PGBOUNCER, startPgBouncer, type PgBouncer } from '../helpers/pgbouncer.js';
import { createPgDatabase, engines, referenceBundle, runCli, startMasthead, type Masthead } from '../helpers/server.js';

// Issue 11, item 5: the real server with PgBouncer in transaction mode between it and
// PostgreSQL (DATABASE_URL → PgBouncer, DATABASE_DIRECT_URL → PostgreSQL), with two
// connections in the app's pool and two server connections in PgBouncer's. Transaction
// pooling hands each transaction whichever server connection is free, so session state
// (a SET, a session advisory lock, a named prepared statement) would leak or go missing.

const inCi = process.env.CI === 'true' || process.env.CI === '1';
const POOL_SIZE = 2;
const hasPostgres = engines().length > 1;
if (hasPostgres && !pgBouncerInstalled()) {
  if (inCi) throw new Error(`${PGBOUNCER} is missing: under CI the PgBouncer test must run (.ci/run installs the "pgbouncer" package).`);
  console.warn(`!! ${PGBOUNCER} is missing (install the "pgbouncer" package): the PgBouncer test is SKIPPED.`);
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe.runIf(hasPostgres && pgBouncerInstalled())('PostgreSQL through PgBouncer in transaction mode', () => {
  let bouncer: PgBouncer;
  let masthead: Masthead;
  let directUrl = '';
  let key = '';

  const throughBouncer = (url: string) => ({
    DATABASE_URL: bouncer.urlFor(url),
    DATABASE_DIRECT_URL: url,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
  });

  beforeAll(async () => {
    bouncer = await startPgBouncer({ postgresUrl: process.env.MASTHEAD_TEST_PG_URL!, poolSize: POOL_SIZE });
    masthead = await startMasthead({
      engine: 'postgres',
      bundle: referenceBundle,
      databaseEnv: (url) => {
        directUrl = url;
        return throughBouncer(url);
      },
    });
    const created = await masthead.cli(['apikey', 'create', '--name', 'pgbouncer', '--scope', 'admin']);
    expect(created.code, created.stderr).toBe(0);
    key = created.stdout.trim();
  });
  afterAll(async () => {
    await masthead?.stop();
    await bouncer?.stop();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${masthead.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const createStory = async (title: string, word: string) => {
    const created = await api('POST', '/api/admin/articles', {
      title,
      dek: `Filed through the pooler, about ${word}.`,
      format: 'reporting',
      sections: ['europe'],
      authors: ['jane-okafor'],
      image: 'paris-quai',
      body: { format: 'markdown', source: `The ${word} report, one transaction at a time.` },
    });
    expect(created.status, `${JSON.stringify(created.json)}\n${masthead.stdout().slice(-3000)}`).toBe(201);
    return created.json.id as number;
  };

  it('migrates an empty database through PgBouncer, two migrators at once, and leaves no lock behind', async () => {
    const empty = await createPgDatabase();
    const cwd = await mkdtemp(path.join(tmpdir(), 'masthead-pgbouncer-migrate-'));
    try {
      const env = { ...throughBouncer(empty.url), SECRET_KEY: 'k'.repeat(40), LOG_LEVEL: 'warn' };
      const runs = await Promise.all([runCli(['migrate'], { cwd, env }), runCli(['migrate'], { cwd, env })]);
      for (const run of runs) expect(run.code, run.stderr).toBe(0);

      const applied = (url: string) =>
        withClient(url, async (client) => (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).rows);
      const names = (await applied(empty.url)).map((row) => row.name);
      expect(names).toEqual((await applied(directUrl)).map((row) => row.name));
      expect(new Set(names).size).toBe(names.length);
      // The migration lock was a transaction's, so no server connection PgBouncer keeps still holds it.
      const locks = await withClient(
        empty.url,
        async (client) => (await client.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory'")).rows,
      );
      expect(locks).toEqual([]);
    } finally {
      await rm(cwd, { recursive: true, force: true });
      await empty.drop();
    }
  });

  it('creates, publishes, serves and finds a story, under concurrent requests', async () => {
    const id = await createStory('Quillwort beds return to the estuary', 'quillwort');
    const published = await api('POST', `/api/admin/articles/${id}/moves`, { move: 'publish' });
    expect(published.status, JSON.stringify(published.json)).toBe(200);
    const slug = 'quillwort-beds-return-to-the-estuary';

    // Sixteen times the pool at once: pages, search and the API share two connections.
    const paths = ['/', `/${slug}`, '/search?q=quillwort', '/api/admin/articles?per_page=5'];
    const answers = await Promise.all(
      Array.from({ length: 32 }, async (_, i) => {
        const target = paths[i % paths.length]!;
        const response = await fetch(`${masthead.url}${target}`, {
          headers: target.startsWith('/api/') ? { authorization: `Bearer ${key}` } : {},
          signal: AbortSignal.timeout(20_000),
        });
        return { target, status: response.status, body: await response.text() };
      }),
    );
    expect(answers.filter((a) => a.status !== 200).map((a) => `${a.target} → ${a.status}`)).toEqual([]);
    expect(answers.find((a) => a.target === `/${slug}`)!.body).toContain('Quillwort beds return to the estuary');
    expect(answers.find((a) => a.target === '/search?q=quillwort')!.body).toContain(`/${slug}`);

    // It all went through PgBouncer, and the server never held more than its pool.
    expect(masthead.env.DATABASE_URL).toContain(`:${bouncer.port}/`);
    const name = databaseName(directUrl);
    const stats = (await bouncer.show('STATS')).find((row) => row.database === name);
    expect(Number(stats?.total_xact_count)).toBeGreaterThan(paths.length);
    const clients = (await bouncer.show('CLIENTS')).filter((row) => row.database === name);
    expect(clients.length).toBeGreaterThan(0);
    expect(clients.length).toBeLessThanOrEqual(POOL_SIZE);
  });

  it('runs a scheduled publish job', async () => {
    const id = await createStory('Night ferries run on the pooled line', 'ferries');
    const publishAt = new Date(Date.now() + 1_500).toISOString();
    const scheduled = await api('POST', `/api/admin/articles/${id}/moves`, { move: 'schedule', publish_at: publishAt });
    expect(scheduled.status, JSON.stringify(scheduled.json)).toBe(200);
    await waitFor(
      async () => (await fetch(`${masthead.url}/night-ferries-run-on-the-pooled-line`)).status === 200,
      20_000,
      'the scheduled story to go live',
    );
    const job = await withClient(
      directUrl,
      async (client) =>
        (await client.query<{ state: string }>('SELECT state FROM jobs WHERE dedupe_key = $1', [`publish:article:${id}`])).rows,
    );
    expect(job).toEqual([{ state: 'done' }]);
  });
});
