import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/server.js';
import { httpRequest, isAlive, spawnServe, type ServeProcess } from '../helpers/serve-process.js';
import { waitUntil } from '../helpers/wait-until.js';

// What only a real process shows: WEB_CONCURRENCY starts that many cluster workers and
// replaces one that dies; they share per-address limits through the database; and
// SIGTERM lets the request in flight finish before every process exits 0 (SECURITY.md,
// reliability promise 9).

/**
 * A POST whose headers are sent and whose body is held back: the server has the request
 * (it answered "100 Continue") and cannot answer before `finish()` sends the body.
 */
async function requestInFlight(port: number, path: string, body: string): Promise<{ finish(): Promise<{ status: number; raw: string }> }> {
  const socket = net.connect(port, '127.0.0.1');
  let raw = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk;
  });
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    [
      `POST ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      `Origin: http://127.0.0.1:${port}`,
      'Content-Type: application/json',
      'Accept: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Expect: 100-continue',
      'Connection: close',
      '',
      '',
    ].join('\r\n'),
  );
  await waitUntil(() => raw.includes('100 Continue'), 15_000, 'the server to take the request (100 Continue)');
  return {
    async finish() {
      // Written, not ended: a client that half-closes its side has, to Node's HTTP
      // server, given up on the answer.
      socket.write(body);
      await ended;
      const final = raw.split('\r\n\r\n').find((part) => /^HTTP\/1\.1 [2-5]\d\d/.test(part)) ?? '';
      return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(final)?.[1] ?? 0), raw };
    },
  };
}

const signUpBody = (n: number) => JSON.stringify({ email: `reader${n}@example.org` });

describe.each(engines())('server processes on %s', (engine) => {
  describe('with WEB_CONCURRENCY=2', () => {
    let server: ServeProcess;

    beforeAll(async () => {
      server = await spawnServe({ engine, env: { WEB_CONCURRENCY: '2' } });
      await waitUntil(() => server.workerPids().length === 2, 30_000, 'two cluster workers');
    });
    afterAll(() => server?.cleanup());

    it('runs two worker processes and starts another when one dies', async () => {
      const [doomed, survivor] = server.workerPids();
      process.kill(doomed!, 'SIGKILL');

      await waitUntil(
        () => {
          const pids = server.workerPids();
          return pids.length === 2 && !pids.includes(doomed!);
        },
        30_000,
        'a new worker in place of the one killed',
      );
      expect(server.workerPids()).toContain(survivor);
      // A worker still starting may not listen yet: until one does, connections are refused.
      await waitUntil(
        async () =>
          (await httpRequest({ url: `${server.url}/healthz` }).then(
            (r) => r.status,
            () => 0,
          )) === 200,
        30_000,
        'the site to answer',
      );
      for (let i = 0; i < 6; i++) expect((await httpRequest({ url: `${server.url}/healthz` })).status).toBe(200);
    });

    it('shares the per-address sign-up limit between workers, per client address over real sockets', async () => {
      const signUp = (localAddress: string, n: number) =>
        httpRequest({
          url: `${server.url}/newsletter/subscribe`,
          method: 'POST',
          localAddress,
          body: signUpBody(n),
          headers: { 'content-type': 'application/json', accept: 'application/json', origin: server.url },
        });
      // Each request is a new connection, which the cluster hands to the workers in turn.
      for (let i = 0; i < 10; i++) expect((await signUp('127.0.0.2', i)).status, `sign-up ${i + 1}`).toBe(202);
      const refused = await signUp('127.0.0.2', 100);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

      expect((await signUp('127.0.0.3', 101)).status).toBe(202);
    });

    it('on SIGTERM lets the request in flight finish, then every process exits 0', async () => {
      const workers = server.workerPids();
      expect(workers).toHaveLength(2);
      const pending = await requestInFlight(server.port, '/newsletter/subscribe', signUpBody(200));

      server.child.kill('SIGTERM');
      // The idle worker goes at once; the other stays for the request it holds.
      await waitUntil(() => workers.filter(isAlive).length === 1, 30_000, 'the idle worker to exit');
      expect(isAlive(server.child.pid!)).toBe(true);

      const answer = await pending.finish();
      expect(answer.status, `${answer.raw}\n--- server output:\n${server.output()}`).toBe(202);
      expect(await server.exited).toBe(0);
      await waitUntil(() => workers.filter(isAlive).length === 0, 15_000, 'every worker to be gone');
    });
  });

  describe('as one process', () => {
    let server: ServeProcess;

    beforeAll(async () => {
      server = await spawnServe({ engine });
    });
    afterAll(() => server?.cleanup());

    it('on SIGTERM stops taking connections, lets the request in flight finish, then exits 0', async () => {
      expect(server.workerPids()).toEqual([]);
      const pending = await requestInFlight(server.port, '/newsletter/subscribe', signUpBody(300));

      server.child.kill('SIGTERM');
      await waitUntil(
        async () =>
          (await httpRequest({ url: `${server.url}/healthz` }).then(
            () => 'answered',
            (error: NodeJS.ErrnoException) => error.code,
          )) === 'ECONNREFUSED',
        30_000,
        'new connections to be refused',
      );

      const answer = await pending.finish();
      expect(answer.status, `${answer.raw}\n--- server output:\n${server.output()}`).toBe(202);
      expect(await server.exited).toBe(0);
    });
  });
});
