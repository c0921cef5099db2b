import { isIP } from 'node:net';

// TRUST_PROXY (docs/trusted-proxy.md): which reverse proxies in front of Masthead may say
// who the client is in X-Forwarded-For. Off, the connection's own address is the client,
// and a forged header changes nothing. The client address is what every per-address limit
// (sign-in, API keys, sign-ups) counts and what a newsletter consent records.

export type TrustProxy =
  | { kind: 'off' }
  /** The nearest `hops` proxies are trusted, whatever their addresses. */
  | { kind: 'hops'; hops: number }
  /** Proxies at these addresses or ranges (IPs, CIDRs, or proxy-addr's names) are trusted. */
  | { kind: 'addresses'; addresses: string[] };

export const TRUST_NO_PROXY: TrustProxy = { kind: 'off' };
const MAX_HOPS = 10;
/** proxy-addr's names for the usual private ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export type TrustProxyParse = { ok: true; value: TrustProxy } | { ok: false; problem: string };

export function parseTrustProxy(text: string | undefined): TrustProxyParse {
  const value = (text ?? '').trim();
  if (value === '' || value.toLowerCase() === 'off') return { ok: true, value: TRUST_NO_PROXY };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > MAX_HOPS)
      return { ok: false, problem: `a hop count must be from 1 to ${MAX_HOPS} (use "off" to trust no proxy), got "${value}"` };
    return { ok: true, value: { kind: 'hops', hops } };
  }
  const addresses = value.split(',').map((entry) => entry.trim());
  const wrong = addresses.filter((entry) => !isAddressOrRange(entry));
  if (wrong.length > 0)
    return {
      ok: false,
      problem: `not an IP address, a CIDR range (10.0.0.0/8) or loopback/linklocal/uniquelocal: ${wrong.map((w) => `"${w}"`).join(', ')}`,
    };
  return { ok: true, value: { kind: 'addresses', addresses } };
}

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Fastify's `trustProxy` for the setting. A hop count becomes a function: Fastify 5.12
 * treats a plain number as "trust nothing". proxy-addr asks about each address from the
 * connection outwards, hop 0 being the connection itself, so the nearest `hops` are trusted.
 */
export function fastifyTrustProxy(setting: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  switch (setting.kind) {
    case 'off':
      return false;
    case 'hops':
      return (_address, hop) => hop < setting.hops;
    case 'addresses':
      return setting.addresses;
  }
}
