import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressRefusal } from './address-policy.js';

// The one outbound fetcher (SECURITY.md, SSRF): webhooks, embeds, link previews and
// importer fetches all go through it. What it guarantees:
// - http and https only, on ports 80 and 443 only;
// - the address checked is the address connected to: names are resolved by our own
//   `lookup` inside the socket's connect, so a DNS answer that changes between a check
//   and the connection (rebinding) cannot slip a private address past us;
// - redirects are followed by hand, each hop checked again, at most 3 by default;
// - one deadline for the whole exchange and a cap on the response size.

export type OutboundErrorCode =
  | 'OUTBOUND_URL_INVALID'
  | 'OUTBOUND_SCHEME_REFUSED'
  | 'OUTBOUND_PORT_REFUSED'
  | 'OUTBOUND_ADDRESS_REFUSED'
  | 'OUTBOUND_TOO_MANY_REDIRECTS'
  | 'OUTBOUND_TIMEOUT'
  | 'OUTBOUND_TOO_LARGE'
  | 'OUTBOUND_NETWORK';

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface OutboundPolicy {
  /**
   * FOR TESTS ONLY: private and loopback targets are allowed on these ports (and these
   * ports are allowed at all); 'any' lifts the address and port rules entirely. Set from
   * code or from MASTHEAD_OUTBOUND_ALLOW_PRIVATE; a production server leaves it empty.
   */
  privateTargetPorts: readonly number[] | 'any';
}

export const STRICT_OUTBOUND: OutboundPolicy = { privateTargetPorts: [] };

/**
 * MASTHEAD_OUTBOUND_ALLOW_PRIVATE, a test-only switch: unset → strict; "1" → any private
 * target on any port; "8081,8082" → private targets on those ports only.
 */
export function outboundPolicyFromEnv(value: string | undefined): OutboundPolicy {
  if (value === undefined || value === '' || value === '0') return STRICT_OUTBOUND;
  if (value === '1') return { privateTargetPorts: 'any' };
  const ports = value.split(',').map((p) => Number(p.trim()));
  if (!ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536)) {
    throw new Error(`MASTHEAD_OUTBOUND_ALLOW_PRIVATE must be 1 or a comma-separated list of ports (got "${value}")`);
  }
  return { privateTargetPorts: ports };
}

export interface SafeRequest {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** For the whole exchange, redirects included (default 10 s). */
  timeoutMs?: number;
  /** Response body cap (default 1 MiB). */
  maxBytes?: number;
  /** Default 3; 0 returns a 3xx answer as it is. */
  maxRedirects?: number;
  signal?: AbortSignal;
}

export interface SafeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

export type SafeFetch = (url: string, request?: SafeRequest) => Promise<SafeResponse>;

const STANDARD_PORTS = [80, 443];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function exempt(policy: OutboundPolicy, port: number): boolean {
  return policy.privateTargetPorts === 'any' || policy.privateTargetPorts.includes(port);
}

function refuseAddress(policy: OutboundPolicy, address: string, port: number): OutboundError | null {
  const reason = addressRefusal(address);
  if (reason === null || exempt(policy, port)) return null;
  return new OutboundError('OUTBOUND_ADDRESS_REFUSED', `refusing to connect to ${address}: ${reason}`);
}

/** Checks what can be checked before connecting: scheme, port, and an IP-literal host. */
export function checkTarget(policy: OutboundPolicy, url: URL): { hostname: string; port: number } {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError('OUTBOUND_SCHEME_REFUSED', `only http and https URLs are fetched (got ${url.protocol})`);
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (!STANDARD_PORTS.includes(port) && !exempt(policy, port)) {
    throw new OutboundError('OUTBOUND_PORT_REFUSED', `only ports 80 and 443 are fetched (got ${port})`);
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  // Node connects to an IP literal without calling `lookup`, so literals are judged here.
  if (isIP(hostname)) {
    const refusal = refuseAddress(policy, hostname, port);
    if (refusal) throw refusal;
  }
  return { hostname, port };
}

/** A `lookup` for the socket that resolves the name and refuses if any answer is forbidden. */
function guardedLookup(policy: OutboundPolicy, port: number): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refusal = addresses.map((a) => refuseAddress(policy, a.address, port)).find((r) => r !== null);
      if (refusal) return callback(refusal, '', 0);
      if (addresses.length === 0) return callback(new OutboundError('OUTBOUND_NETWORK', `${hostname} has no address`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  deadline: number;
  maxBytes: number;
  signal: AbortSignal | undefined;
}

function hop(policy: OutboundPolicy, request: Hop): Promise<Omit<SafeResponse, 'url'>> {
  const { hostname, port } = checkTarget(policy, request.url);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null, value?: Omit<SafeResponse, 'url'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error instanceof OutboundError ? error : new OutboundError('OUTBOUND_NETWORK', error.message));
      else resolve(value!);
    };
    const client = request.url.protocol === 'https:' ? https : http;
    const req = client.request(
      {
        protocol: request.url.protocol,
        hostname,
        port,
        path: `${request.url.pathname}${request.url.search}`,
        method: request.method,
        headers: request.headers,
        lookup: guardedLookup(policy, port),
        agent: false,
      },
      (res) => {
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > request.maxBytes) {
          req.destroy(
            new OutboundError('OUTBOUND_TOO_LARGE', `the answer declares ${declared} bytes, over the ${request.maxBytes}-byte cap`),
          );
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > request.maxBytes)
            req.destroy(new OutboundError('OUTBOUND_TOO_LARGE', `the answer is over the ${request.maxBytes}-byte cap`));
          else chunks.push(chunk);
        });
        res.on('end', () => settle(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (error) => settle(error));
        res.on('close', () => {
          if (!res.complete) settle(new OutboundError('OUTBOUND_NETWORK', 'the connection closed before the answer was complete'));
        });
      },
    );
    const timer = setTimeout(
      () => req.destroy(new OutboundError('OUTBOUND_TIMEOUT', `no complete answer from ${request.url.host} in time`)),
      Math.max(0, request.deadline - Date.now()),
    );
    const onAbort = () => req.destroy(new OutboundError('OUTBOUND_NETWORK', 'the request was aborted'));
    if (request.signal?.aborted) onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => settle(error));
    req.end(request.body);
  });
}

export function createSafeFetch(policy: OutboundPolicy = STRICT_OUTBOUND): SafeFetch {
  return async (target, request = {}) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new OutboundError('OUTBOUND_URL_INVALID', 'not a valid absolute URL');
    }
    const maxRedirects = request.maxRedirects ?? 3;
    const deadline = Date.now() + (request.timeoutMs ?? 10_000);
    let method: string = request.method ?? 'GET';
    let body = request.body;
    let headers: Record<string, string> = { 'user-agent': 'Masthead', ...request.headers };
    for (let redirects = 0; ; redirects++) {
      const answer = await hop(policy, {
        url,
        method,
        headers,
        body,
        deadline,
        maxBytes: request.maxBytes ?? 1024 * 1024,
        signal: request.signal,
      });
      const location = answer.headers.location;
      if (!REDIRECTS.has(answer.status) || !location || maxRedirects === 0) return { ...answer, url: url.toString() };
      if (redirects >= maxRedirects) throw new OutboundError('OUTBOUND_TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects`);
      const next = new URL(location, url);
      // RFC 9110 §15.4: 303 (and, as browsers do, 301/302 after POST) continue as GET.
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-/i.test(k)));
      }
      // Credentials never follow a redirect to another origin.
      if (next.origin !== url.origin)
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|cookie)$/i.test(k)));
      url = next;
    }
  };
}
