import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startMasthead, type Masthead } from '../helpers/server.js';
import { startThrowawayCluster, type ThrowawayCluster } from '../helpers/throwaway-cluster.js';
import { waitUntil } from '../helpers/wait-until.js';

// Faults under load (issue 12, item 18; SECURITY.md, promises 8 and 9):
// - PostgreSQL stopped and started again while writers and readers keep going: every
//   answer is a success or a fast 503 with Retry-After (never a 500, never a hang), the
//   server recovers by itself, and every write that was answered 2xx is there after.
// - SIGTERM while many requests are in flight: each one gets its complete answer.

/** Far above any healthy answer here: a request still open after this has hung. */
const HANG_MS = 15_000;

interface Answer {
  status: number;
  retryAfter: string | null;
  code?: string;
  /** Set when the request never got a complete answer (socket error, timeout). */
  failure?: string;
}

async function call(
  url: string,
  init: RequestInit,
): Promise<Answer & { json?: Record<string, unknown> & { slug?: string; error?: { code?: string } } }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(HANG_MS) });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : undefined;
    return { status: response.status, retryAfter: response.headers.get('retry-after'), json, code: json?.error?.code };
  } catch (error) {
    const cause = (error as { cause?: { message?: string; code?: string } }).cause;
    const failure =
      error instanceof Error ? `${error.name}: ${error.message} (${cause?.code ?? ''} ${cause?.message ?? ''})` : String(error);
    return { status: 0, retryAfter: null, failure };
  }
}

async function createAdminKey(masthead: Masthead): Promise<string> {
  const created = await masthead.cli(['apikey', 'create', '--name', 'fault writer', '--scope', 'admin']);
  expect(created.code, created.stderr).toBe(0);
  return created.stdout.trim();
}

describe.runIf(engines().includes('postgres'))('PostgreSQL stopped and started again under load', () => {
  let cluster: ThrowawayCluster;
  let masthead: Masthead;
  let databaseUrl: string;
  let key: string;

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE faults');
    await admin.end();
    databaseUrl = cluster.url.replace(/\/postgres$/, '/faults');
    // The SQLite start with DATABASE_URL replaced: the server and its CLI use this cluster,
    // not the run's shared one.
    masthead = await startMasthead({
      engine: 'sqlite',
      env: { DATABASE_URL: databaseUrl },
      // What the job worker, the change follower and the pool say while the database is away.
      allowErrorLogs: [/database|terminat|ECONNREFUSED|connect|shutting down|starting up|57P0/i],
    });
    key = await createAdminKey(masthead);
  });
  afterAll(async () => {
    await masthead?.stop();
    cluster?.stop();
  });

  it('answers 2xx or a fast 503 throughout, recovers by itself, and loses no acknowledged write', async () => {
    const answers: Array<Answer & { kind: string }> = [];
    const acknowledged: string[] = [];
    let serial = 0;
    const write = async () => {
      const n = ++serial;
      const answer = await call(`${masthead.url}/api/admin/articles`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Fault story ${n}` }),
      });
      answers.push({ ...answer, kind: 'write' });
      if (answer.status === 201 && answer.json?.slug) acknowledged.push(answer.json.slug);
      return answer;
    };
    const read = async () => {
      const answer = await call(`${masthead.url}/api/admin/articles?per_page=5`, { headers: { authorization: `Bearer ${key}` } });
      answers.push({ ...answer, kind: 'read' });
      return answer;
    };
    let running = true;
    const loop = async (step: () => Promise<unknown>) => {
      while (running) await step();
    };
    const load = [...Array.from({ length: 4 }, () => loop(write)), ...Array.from({ length: 3 }, () => loop(read))];

    await waitUntil(() => acknowledged.length >= 10, 20_000, 'writes acknowledged before the stop');
    await cluster.halt();
    // Down: every request now must be refused at once, not queued.
    const whileDown = [await write(), await read()];
    for (const answer of whileDown) {
      expect(answer.status, `${answer.failure}\n${masthead.stdout()}`).toBe(503);
      expect(answer.retryAfter).toBe('5');
      expect(answer.code).toBe('DATABASE_UNAVAILABLE');
    }
    const acknowledgedBeforeStart = acknowledged.length;
    await cluster.resume();
    // Back: the server finds the database again by itself, without a restart.
    await waitUntil(() => acknowledged.length > acknowledgedBeforeStart + 5, 30_000, 'writes acknowledged after the start');
    running = false;
    await Promise.all(load);

    const unexpected = answers.filter((a) => ![200, 201, 503].includes(a.status) || (a.status === 503 && a.retryAfter !== '5'));
    expect(unexpected, 'only successes and 503 with Retry-After').toEqual([]);
    expect(answers.filter((a) => a.status === 503).length).toBeGreaterThanOrEqual(2);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ slug: string }>('select slug from articles where slug = any($1)', [acknowledged]);
    await client.end();
    expect(rows.map((row) => row.slug).sort()).toEqual([...new Set(acknowledged)].sort());
    // Reported, not asserted: how the load went.
    const count = (status: number) => answers.filter((a) => a.status === status).length;
    console.log(`database stop/start: ${answers.length} answers, ${count(201)} writes and ${count(200)} reads ok, ${count(503)} × 503`);
  });
});

/**
 * A POST whose headers are sent and whose body is held back: the server has the request
 * (it answered "100 Continue") and cannot answer before `finish()` sends the body.
 */
async function heldPost(port: number, path: string, headers: Record<string, string>, body: string) {
  const socket = net.connect(port, '127.0.0.1');
  let raw = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk;
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Expect: 100-continue',
    'Connection: close',
  ];
  socket.write(head.join('\r\n') + '\r\n\r\n');
  await waitUntil(() => raw.includes('100 Continue'), 15_000, 'the server to take the request (100 Continue)');
  return {
    async finish(): Promise<{ status: number; complete: boolean; body: string }> {
      socket.write(body);
      await closed;
      const final = raw.split('HTTP/1.1 ').find((part) => /^[2-5]\d\d /.test(part)) ?? '';
      const [head = '', ...rest] = final.split('\r\n\r\n');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? -1);
      const answerBody = rest.join('\r\n\r\n');
      return { status: Number(final.slice(0, 3)), complete: length >= 0 && Buffer.byteLength(answerBody) === length, body: answerBody };
    },
  };
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe.each(engines())('SIGTERM with many requests in flight on %s', (engine) => {
  let masthead: Masthead;
  let key: string;

  beforeAll(async () => {
    masthead = await startMasthead({ engine });
    key = await createAdminKey(masthead);
  });
  afterAll(() => masthead?.stop());

  it('finishes every request in flight with its complete answer, and each acknowledged write is kept', async () => {
    const port = Number(new URL(masthead.url).port);
    const held = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        heldPost(port, '/api/admin/articles', { Authorization: `Bearer ${key}` }, JSON.stringify({ title: `In flight ${i + 1}` })),
      ),
    );
    // SIGTERM (restart() stops the process as a supervisor does, then starts it again).
    const restarted = masthead.restart();
    await waitUntil(() => refusesConnections(port), 15_000, 'the server to stop accepting connections');
    const answers = await Promise.all(held.map((request) => request.finish()));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(answers.every((a) => a.complete)).toBe(true);
    await restarted;

    const slugs = answers.map((a) => (JSON.parse(a.body) as { slug: string }).slug);
    const list = await call(`${masthead.url}/api/admin/articles?per_page=100`, { headers: { authorization: `Bearer ${key}` } });
    expect(list.status).toBe(200);
    const page = list.json as { items?: Array<{ slug: string }>; data?: Array<{ slug: string }> };
    const storedSlugs = (page.items ?? page.data ?? []).map((item) => item.slug);
    expect(storedSlugs.sort()).toEqual([...slugs].sort());
  });
});
