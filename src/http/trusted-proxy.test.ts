import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/config.js';
import { fastifyTrustProxy, parseTrustProxy } from './trusted-proxy.js';

// TRUST_PROXY (issue 12, item 4): off by default, a hop count or a list of proxy
// addresses; anything else stops the start with a message naming the variable.

const env = (more: Record<string, string>) => ({ DATABASE_URL: 'postgres://app@db/masthead', SECRET_KEY: 'k'.repeat(40), ...more });

describe('TRUST_PROXY', () => {
  it('is off unless set, and "off" says so too', () => {
    expect(loadConfig(env({})).trustProxy).toEqual({ kind: 'off' });
    expect(loadConfig(env({ TRUST_PROXY: 'off' })).trustProxy).toEqual({ kind: 'off' });
    expect(fastifyTrustProxy({ kind: 'off' })).toBe(false);
  });

  it('takes a hop count, and trusts exactly that many proxies nearest the server', () => {
    expect(loadConfig(env({ TRUST_PROXY: '2' })).trustProxy).toEqual({ kind: 'hops', hops: 2 });
    // Not a number: Fastify 5.12 reads a numeric trustProxy as "trust nothing".
    const trust = fastifyTrustProxy({ kind: 'hops', hops: 2 });
    expect(typeof trust).toBe('function');
    const asked = trust as (address: string, hop: number) => boolean;
    expect([0, 1, 2, 3].map((hop) => asked('10.0.0.1', hop))).toEqual([true, true, false, false]);
  });

  it('takes a list of addresses and ranges', () => {
    const value = ' 10.0.0.0/8, 192.0.2.7 ,::1, fd00::/8, loopback';
    expect(loadConfig(env({ TRUST_PROXY: value })).trustProxy).toEqual({
      kind: 'addresses',
      addresses: ['10.0.0.0/8', '192.0.2.7', '::1', 'fd00::/8', 'loopback'],
    });
    expect(fastifyTrustProxy({ kind: 'addresses', addresses: ['10.0.0.0/8'] })).toEqual(['10.0.0.0/8']);
  });

  it.each([
    ['0', 'a hop count must be from 1 to 10'],
    ['11', 'a hop count must be from 1 to 10'],
    ['true', 'not an IP address'],
    ['10.0.0.0/33', '"10.0.0.0/33"'],
    ['10.0.0.1, proxy.internal', '"proxy.internal"'],
    ['10.0.0.1,', '""'],
    ['::1/129', '"::1/129"'],
    ['1.2.3', '"1.2.3"'],
  ])('refuses TRUST_PROXY=%s with a clear message', (value, message) => {
    expect(() => loadConfig(env({ TRUST_PROXY: value }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ TRUST_PROXY: value }))).toThrow(`TRUST_PROXY: `);
    expect(() => loadConfig(env({ TRUST_PROXY: value }))).toThrow(message);
    expect(parseTrustProxy(value).ok).toBe(false);
  });
});
