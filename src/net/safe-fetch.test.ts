import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSafeFetch, outboundPolicyFromEnv, STRICT_OUTBOUND, type OutboundError } from './safe-fetch.js';

// Real sockets on loopback. Loopback is exactly what the fetcher refuses, so the tests
// exempt one port (the "allowed fake" server) and show that everything else is refused:
// redirects from that server included.

let server: http.Server;
let port = 0;
let hits = 0;
let lastBody = '';

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as OutboundError).code ?? String(error);
  }
  return 'fetched';
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    const url = new URL(req.url ?? '/', 'http://x');
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      lastBody = `${req.method} ${body}`;
      const to = url.searchParams.get('to');
      if (to) {
        res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: to }).end();
      } else if (url.pathname === '/big') {
        res.end('x'.repeat(5_000));
      } else if (url.pathname === '/stall') {
        res.writeHead(200).write('partial');
      } else if (url.pathname === '/hops') {
        const n = Number(url.searchParams.get('n'));
        if (n > 0) res.writeHead(302, { location: `/hops?n=${n - 1}` }).end();
        else res.end('arrived');
      } else {
        res.end('hello');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('safe fetch with the strict policy', () => {
  const fetchStrict = createSafeFetch(STRICT_OUTBOUND);

  it.each([
    ['http://127.0.0.1/', 'OUTBOUND_ADDRESS_REFUSED'],
    ['http://[::1]/', 'OUTBOUND_ADDRESS_REFUSED'],
    ['http://[::ffff:127.0.0.1]/', 'OUTBOUND_ADDRESS_REFUSED'],
    ['http://169.254.169.254/latest/meta-data/', 'OUTBOUND_ADDRESS_REFUSED'],
    ['http://2130706433/', 'OUTBOUND_ADDRESS_REFUSED'],
    ['http://0x7f.1/', 'OUTBOUND_ADDRESS_REFUSED'],
    ['https://10.0.0.1/', 'OUTBOUND_ADDRESS_REFUSED'],
    // A name, not a literal: refused by the lookup inside connect (nothing listens on
    // port 80 here, so a missing check would show as OUTBOUND_NETWORK instead).
    ['http://localhost/', 'OUTBOUND_ADDRESS_REFUSED'],
    ['file:///etc/passwd', 'OUTBOUND_SCHEME_REFUSED'],
    ['ftp://example.com/', 'OUTBOUND_SCHEME_REFUSED'],
    ['http://example.com:8080/', 'OUTBOUND_PORT_REFUSED'],
    ['not a url', 'OUTBOUND_URL_INVALID'],
  ])('refuses %s', async (url, code) => {
    expect(await refusal(fetchStrict(url, { timeoutMs: 2_000 }))).toBe(code);
  });

  it('refuses the loopback server itself and never reaches it', async () => {
    const before = hits;
    expect(await refusal(fetchStrict(`http://127.0.0.1:${port}/`))).toBe('OUTBOUND_PORT_REFUSED');
    expect(await refusal(fetchStrict(`http://localhost:${port}/`))).toBe('OUTBOUND_PORT_REFUSED');
    expect(hits).toBe(before);
  });
});

describe('safe fetch with one exempted test port', () => {
  const fetchExempt = () => createSafeFetch({ privateTargetPorts: [port] });

  it('fetches from the exempted port, by address and by name', async () => {
    const byAddress = await fetchExempt()(`http://127.0.0.1:${port}/`);
    expect([byAddress.status, byAddress.body.toString()]).toEqual([200, 'hello']);
    const byName = await fetchExempt()(`http://localhost:${port}/`);
    expect(byName.body.toString()).toBe('hello');
  });

  it('sends a POST body', async () => {
    await fetchExempt()(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(lastBody).toBe('POST {"a":1}');
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'OUTBOUND_ADDRESS_REFUSED'],
    ['http://localhost/admin', 'OUTBOUND_ADDRESS_REFUSED'],
    ['http://[::ffff:127.0.0.1]/', 'OUTBOUND_ADDRESS_REFUSED'],
    ['http://127.0.0.1:22/', 'OUTBOUND_PORT_REFUSED'],
    ['file:///etc/passwd', 'OUTBOUND_SCHEME_REFUSED'],
  ])('re-checks a redirect hop to %s', async (to, code) => {
    const url = `http://127.0.0.1:${port}/?to=${encodeURIComponent(to)}`;
    expect(await refusal(fetchExempt()(url, { timeoutMs: 2_000 }))).toBe(code);
  });

  it('follows up to three redirects and refuses a fourth', async () => {
    const three = await fetchExempt()(`http://127.0.0.1:${port}/hops?n=3`);
    expect([three.body.toString(), three.url]).toEqual(['arrived', `http://127.0.0.1:${port}/hops?n=0`]);
    expect(await refusal(fetchExempt()(`http://127.0.0.1:${port}/hops?n=4`))).toBe('OUTBOUND_TOO_MANY_REDIRECTS');
  });

  it('continues a POST as a GET after 303, and returns a 3xx as it is when told not to follow', async () => {
    await fetchExempt()(`http://127.0.0.1:${port}/?status=303&to=/`, { method: 'POST', body: 'x' });
    expect(lastBody).toBe('GET ');
    const unfollowed = await fetchExempt()(`http://127.0.0.1:${port}/?to=/elsewhere`, { maxRedirects: 0 });
    expect([unfollowed.status, unfollowed.headers.location]).toEqual([302, '/elsewhere']);
  });

  it('caps the answer size and the time', async () => {
    expect(await refusal(fetchExempt()(`http://127.0.0.1:${port}/big`, { maxBytes: 1_000 }))).toBe('OUTBOUND_TOO_LARGE');
    const started = Date.now();
    expect(await refusal(fetchExempt()(`http://127.0.0.1:${port}/stall`, { timeoutMs: 300 }))).toBe('OUTBOUND_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('outboundPolicyFromEnv', () => {
  it('is strict unless the test switch is set, and refuses a malformed value', () => {
    expect(outboundPolicyFromEnv(undefined)).toEqual(STRICT_OUTBOUND);
    expect(outboundPolicyFromEnv('')).toEqual(STRICT_OUTBOUND);
    expect(outboundPolicyFromEnv('1')).toEqual({ privateTargetPorts: 'any' });
    expect(outboundPolicyFromEnv('8081, 8082')).toEqual({ privateTargetPorts: [8081, 8082] });
    expect(() => outboundPolicyFromEnv('yes')).toThrow(/MASTHEAD_OUTBOUND_ALLOW_PRIVATE/);
  });
});
