// Which IP addresses the server may connect to on someone else's behalf (webhooks,
// embeds, importer fetches). A pure function over the address text, so every range is
// unit-tested; safe-fetch.ts applies it to the address a connection actually uses.
//
// IPv4: everything but the special-purpose ranges of RFC 6890 / the IANA registry.
// IPv6: only global unicast (2000::/3) minus its special blocks; addresses that carry an
// IPv4 address (mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by
// the IPv4 address inside, so ::ffff:127.0.0.1 is loopback.

type Range = readonly [network: number, prefix: number, reason: string];

const IPV4_REFUSED: readonly Range[] = [
  [ipv4('0.0.0.0')!, 8, '"this network" (0.0.0.0/8)'],
  [ipv4('10.0.0.0')!, 8, 'private (10.0.0.0/8)'],
  [ipv4('100.64.0.0')!, 10, 'shared carrier-grade NAT (100.64.0.0/10)'],
  [ipv4('127.0.0.0')!, 8, 'loopback (127.0.0.0/8)'],
  [ipv4('169.254.0.0')!, 16, 'link-local, cloud metadata (169.254.0.0/16)'],
  [ipv4('172.16.0.0')!, 12, 'private (172.16.0.0/12)'],
  [ipv4('192.0.0.0')!, 24, 'IETF protocol assignments (192.0.0.0/24)'],
  [ipv4('192.0.2.0')!, 24, 'documentation (192.0.2.0/24)'],
  [ipv4('192.88.99.0')!, 24, '6to4 relay anycast (192.88.99.0/24)'],
  [ipv4('192.168.0.0')!, 16, 'private (192.168.0.0/16)'],
  [ipv4('198.18.0.0')!, 15, 'benchmarking (198.18.0.0/15)'],
  [ipv4('198.51.100.0')!, 24, 'documentation (198.51.100.0/24)'],
  [ipv4('203.0.113.0')!, 24, 'documentation (203.0.113.0/24)'],
  [ipv4('224.0.0.0')!, 4, 'multicast (224.0.0.0/4)'],
  [ipv4('240.0.0.0')!, 4, 'reserved or broadcast (240.0.0.0/4)'],
];

/** A dotted-quad IPv4 address as an unsigned 32-bit number, or null. */
export function ipv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    // Decimal only: "0177.0.0.1" or "0x7f.1" are octal/hex tricks some parsers accept.
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

/** An IPv6 address (optionally with a zone or an embedded IPv4 tail) as eight 16-bit groups, or null. */
export function ipv6(text: string): number[] | null {
  let rest = text.replace(/%.*$/, '');
  const tail: string[] = [];
  const lastColon = rest.lastIndexOf(':');
  if (lastColon < 0) return null;
  if (rest.slice(lastColon + 1).includes('.')) {
    const v4 = ipv4(rest.slice(lastColon + 1));
    if (v4 === null) return null;
    tail.push((v4 >>> 16).toString(16), (v4 & 0xffff).toString(16));
    rest = rest.slice(0, lastColon + 1);
    if (!rest.endsWith('::')) rest = rest.slice(0, -1);
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const back = [...(halves[1] ? halves[1].split(':') : []), ...tail];
  const count = head.length + back.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return null;
  const words = [...head, ...Array<string>(8 - count).fill('0'), ...back];
  if (!words.every((word) => /^[0-9a-f]{1,4}$/i.test(word))) return null;
  return words.map((word) => Number.parseInt(word, 16));
}

function inRange(value: number, network: number, prefix: number): boolean {
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return (value & mask) >>> 0 === (network & mask) >>> 0;
}

function ipv4Refusal(value: number): string | null {
  for (const [network, prefix, reason] of IPV4_REFUSED) if (inRange(value, network, prefix)) return reason;
  return null;
}

function ipv6Refusal(g: number[]): string | null {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, h = 0, i = 0] = g;
  const embedded = ((h << 16) | i) >>> 0;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    if (f === 0xffff) return ipv4Refusal(embedded) ?? null;
    if (f === 0 && h === 0 && i === 0) return 'unspecified (::)';
    if (f === 0 && h === 0 && i === 1) return 'loopback (::1)';
    return 'IPv4-compatible or reserved (::/80)';
  }
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return ipv4Refusal(embedded);
  if (a === 0x2002) return ipv4Refusal(((b << 16) | c) >>> 0);
  if ((a & 0xfe00) === 0xfc00) return 'unique local (fc00::/7)';
  if ((a & 0xffc0) === 0xfe80) return 'link-local (fe80::/10)';
  if ((a & 0xff00) === 0xff00) return 'multicast (ff00::/8)';
  if ((a & 0xe000) !== 0x2000) return 'not global unicast (outside 2000::/3)';
  if (a === 0x2001 && b === 0x0db8) return 'documentation (2001:db8::/32)';
  if (a === 0x2001 && b < 0x0200) return 'IETF protocol assignments, Teredo (2001::/23)';
  return null;
}

/**
 * Why the server must not connect to this IP address, or null when it may. Text that is
 * not an IP address is refused too: the caller resolves names first.
 */
export function addressRefusal(address: string): string | null {
  const v4 = ipv4(address);
  if (v4 !== null) return ipv4Refusal(v4);
  const v6 = ipv6(address.replace(/^\[|\]$/g, ''));
  if (v6 !== null) return ipv6Refusal(v6);
  return 'not an IP address';
}
