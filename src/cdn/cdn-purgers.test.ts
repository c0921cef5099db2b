import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../webhooks/webhook-signature.js';
import { cloudflarePurger } from './cloudflare-purger.js';
import { fastlyPurger } from './fastly-purger.js';
import { compositePurger } from './cdn-purger.js';
import { cdnPurgerFromEnv } from './cdn-settings.js';
import { sendPurge } from './purge-request.js';
import { varnishPurger } from './varnish-purger.js';
import { webhookPurger } from './webhook-purger.js';

// Each adapter against a real HTTP server on loopback that records what it receives and
// answers what the test tells it to: the right URL, method, headers and body, batching
// at the API's limit, a signature the receiver can verify, and an error on anything but 2xx.

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let origin = '';
let received: Recorded[] = [];
/** What the server answers next: status and body (default 200 and a Cloudflare-style success). */
let answer: { status: number; body: string; delayMs?: number } = { status: 200, body: '{"success":true}' };

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const { status, body: text, delayMs } = answer;
      setTimeout(() => response.writeHead(status, { 'content-type': 'application/json' }).end(text), delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  answer = { status: 200, body: '{"success":true}' };
});

const keys = (n: number, prefix = 'story') => Array.from({ length: n }, (_, i) => `${prefix}:${i + 1}`);

describe('signed purge webhook', () => {
  it('POSTs {keys, at} signed like Masthead webhooks, verifiable with the same code', async () => {
    const at = new Date('2026-12-03T10:00:00.000Z');
    await webhookPurger({ url: `${origin}/hooks/purge?x=1`, secret: 's'.repeat(40) }, () => at).purge(['story:12', 'site']);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/hooks/purge?x=1');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-masthead-event']).toBe('cdn.purge');
    expect(JSON.parse(request!.body)).toEqual({ keys: ['story:12', 'site'], at: '2026-12-03T10:00:00.000Z' });
    const timestamp = request!.headers['x-masthead-timestamp'] as string;
    expect(timestamp).toBe(String(at.getTime() / 1000));
    const signature = request!.headers['x-masthead-signature'] as string;
    expect(verifyWebhookSignature({ secret: 's'.repeat(40), timestamp, body: request!.body, signature })).toBe(true);
    expect(verifyWebhookSignature({ secret: 't'.repeat(40), timestamp, body: request!.body, signature })).toBe(false);
  });

  it('throws on a non-2xx answer, naming the status', async () => {
    answer = { status: 500, body: 'down' };
    await expect(webhookPurger({ url: `${origin}/hook`, secret: 's'.repeat(40) }).purge(['site'])).rejects.toThrow(
      'webhook purge answered 500: down',
    );
  });
});

describe('Fastly', () => {
  it('POSTs /service/{id}/purge with Fastly-Key and surrogate_keys, 256 keys a request', async () => {
    const all = keys(600);
    await fastlyPurger({ serviceId: 'SU1Z0isxPaozGVKXdv0eY', apiToken: 'fastly-token' }, origin).purge(all);
    expect(received.map((r) => [r.method, r.url])).toEqual(Array(3).fill(['POST', '/service/SU1Z0isxPaozGVKXdv0eY/purge']));
    expect(received.every((r) => r.headers['fastly-key'] === 'fastly-token' && r.headers.accept === 'application/json')).toBe(true);
    const sent = received.map((r) => (JSON.parse(r.body) as { surrogate_keys: string[] }).surrogate_keys);
    expect(sent.map((batch) => batch.length)).toEqual([256, 256, 88]);
    expect(sent.flat()).toEqual(all);
  });

  it('throws on 401 and stops at the first failed batch', async () => {
    answer = { status: 401, body: '{"msg":"Provided credentials are missing or invalid"}' };
    await expect(fastlyPurger({ serviceId: 'abc', apiToken: 'bad' }, origin).purge(keys(300))).rejects.toThrow(/fastly purge answered 401/);
    expect(received).toHaveLength(1);
  });
});

describe('Cloudflare', () => {
  it('POSTs /zones/{id}/purge_cache with a Bearer token and {"tags"}, 30 tags a request', async () => {
    const zoneId = '023e105f4ecef8ad9ca31a8372d0c353';
    const all = keys(65, 'card');
    await cloudflarePurger({ zoneId, apiToken: 'cf-token' }, origin).purge(all);
    expect(received.map((r) => [r.method, r.url])).toEqual(Array(3).fill(['POST', `/zones/${zoneId}/purge_cache`]));
    expect(received.every((r) => r.headers.authorization === 'Bearer cf-token')).toBe(true);
    const sent = received.map((r) => (JSON.parse(r.body) as { tags: string[] }).tags);
    expect(sent.map((batch) => batch.length)).toEqual([30, 30, 5]);
    expect(sent.flat()).toEqual(all);
  });

  it('throws when the API says success: false even with 200, and on 429', async () => {
    const purger = cloudflarePurger({ zoneId: '023e105f4ecef8ad9ca31a8372d0c353', apiToken: 'cf-token' }, origin);
    answer = { status: 200, body: '{"success":false,"errors":[{"code":1134,"message":"Unable to purge"}]}' };
    await expect(purger.purge(['site'])).rejects.toThrow(/cloudflare purge was refused/);
    answer = { status: 429, body: '{"success":false}' };
    await expect(purger.purge(['site'])).rejects.toThrow(/cloudflare purge answered 429/);
  });
});

describe('Varnish', () => {
  it('sends PURGE with the keys space-separated in X-Purge-Keys, and the token when set', async () => {
    await varnishPurger({ purgeUrl: `${origin}/`, token: 'tok' }).purge(['story:12', 'list:section:3', 'site']);
    await varnishPurger({ purgeUrl: `${origin}/`, token: null }).purge(['site']);
    expect(received.map((r) => [r.method, r.url, r.headers['x-purge-keys'], r.headers['x-purge-token']])).toEqual([
      ['PURGE', '/', 'story:12 list:section:3 site', 'tok'],
      ['PURGE', '/', 'site', undefined],
    ]);
  });

  it('splits keys so that no header passes 4,000 characters', async () => {
    const all = keys(800, 'list:section');
    await varnishPurger({ purgeUrl: `${origin}/`, token: null }).purge(all);
    expect(received.length).toBeGreaterThan(1);
    expect(received.every((r) => (r.headers['x-purge-keys'] as string).length <= 4000)).toBe(true);
    expect(received.flatMap((r) => (r.headers['x-purge-keys'] as string).split(' '))).toEqual(all);
  });

  it('throws on 403', async () => {
    answer = { status: 403, body: 'Forbidden' };
    await expect(varnishPurger({ purgeUrl: `${origin}/`, token: null }).purge(['site'])).rejects.toThrow(
      'varnish purge answered 403: Forbidden',
    );
  });
});

describe('the request every adapter sends', () => {
  it('does not follow a redirect: a 3xx is a failure', async () => {
    answer = { status: 302, body: '' };
    await expect(varnishPurger({ purgeUrl: `${origin}/`, token: null }).purge(['site'])).rejects.toThrow(/answered 302/);
    expect(received).toHaveLength(1);
  });

  it('gives up after its deadline, and when the job is aborted', async () => {
    answer = { status: 200, body: '', delayMs: 2_000 };
    const request = { cdn: 'varnish', url: `${origin}/`, method: 'PURGE' as const, headers: {} };
    await expect(sendPurge(request, {}, 100)).rejects.toThrow('varnish purge failed: no answer within 100 ms');
    await expect(sendPurge(request, { signal: AbortSignal.abort() })).rejects.toThrow(/varnish purge failed/);
  });

  it('fails on an unreachable endpoint', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(varnishPurger({ purgeUrl: `http://127.0.0.1:${port}/`, token: null }).purge(['site'])).rejects.toThrow(
      /varnish purge failed/,
    );
  });
});

describe('several CDNs at once', () => {
  it('tries every adapter, and fails when any of them fails', async () => {
    const both = compositePurger([
      varnishPurger({ purgeUrl: `${origin}/`, token: null }),
      webhookPurger({ url: `${origin}/hook`, secret: 's'.repeat(32) }),
    ]);
    await both.purge(['site']);
    expect(received.map((r) => r.method).sort()).toEqual(['POST', 'PURGE']);
    answer = { status: 503, body: 'busy' };
    await expect(both.purge(['site'])).rejects.toThrow(/varnish purge answered 503.*webhook purge answered 503/);
    expect(received).toHaveLength(4);
  });

  it('cdnPurgerFromEnv makes one from the variables', async () => {
    const purger = cdnPurgerFromEnv({
      VARNISH_PURGE_URL: `${origin}/`,
      CDN_PURGE_WEBHOOK_URL: `${origin}/hook`,
      CDN_PURGE_WEBHOOK_SECRET: 'x'.repeat(32),
    });
    expect(purger?.name).toBe('webhook+varnish');
    await purger!.purge(['story:1']);
    expect(received.map((r) => r.url).sort()).toEqual(['/', '/hook']);
  });
});
