import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../config/config.js';
import { batches } from './cdn-purger.js';
import { cdnPurgerFor, cdnPurgerFromEnv, parseCdnSettings } from './cdn-settings.js';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

describe('CDN settings from the environment', () => {
  it('is off when no CDN variable is set (blank counts as unset)', () => {
    expect(parseCdnSettings({})).toEqual({ ok: true, settings: { webhook: null, fastly: null, cloudflare: null, varnish: null } });
    expect(cdnPurgerFromEnv({ VARNISH_PURGE_URL: '  ', FASTLY_API_TOKEN: '' })).toBeNull();
  });

  it('turns on each adapter its variables name', () => {
    const parsed = parseCdnSettings({
      CDN_PURGE_WEBHOOK_URL: 'https://purge.example.org/hook',
      CDN_PURGE_WEBHOOK_SECRET: 'a'.repeat(32),
      FASTLY_SERVICE_ID: 'SU1Z0isxPaozGVKXdv0eY',
      FASTLY_API_TOKEN: 'tok',
      CLOUDFLARE_ZONE_ID: ZONE,
      CLOUDFLARE_API_TOKEN: 'cf',
      VARNISH_PURGE_URL: 'http://127.0.0.1:6081/',
      VARNISH_PURGE_TOKEN: 'v',
    });
    expect(parsed).toEqual({
      ok: true,
      settings: {
        webhook: { url: 'https://purge.example.org/hook', secret: 'a'.repeat(32) },
        fastly: { serviceId: 'SU1Z0isxPaozGVKXdv0eY', apiToken: 'tok' },
        cloudflare: { zoneId: ZONE, apiToken: 'cf' },
        varnish: { purgeUrl: 'http://127.0.0.1:6081/', token: 'v' },
      },
    });
    expect(parsed.ok && cdnPurgerFor(parsed.settings)?.name).toBe('webhook+fastly+cloudflare+varnish');
    expect(cdnPurgerFromEnv({ VARNISH_PURGE_URL: 'http://varnish:6081/' })?.name).toBe('varnish');
  });

  it('names every problem: half a pair, a bad URL, a short secret, a malformed id', () => {
    const parsed = parseCdnSettings({
      CDN_PURGE_WEBHOOK_URL: 'ftp://purge.example.org/',
      CDN_PURGE_WEBHOOK_SECRET: 'short',
      FASTLY_SERVICE_ID: 'abc/../x',
      FASTLY_API_TOKEN: 'tok',
      CLOUDFLARE_ZONE_ID: ZONE,
      VARNISH_PURGE_TOKEN: 'v',
    });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'CDN_PURGE_WEBHOOK_URL: must be an http or https URL',
        'CDN_PURGE_WEBHOOK_SECRET: must be at least 32 characters',
        'FASTLY_SERVICE_ID: must be letters and digits only',
        'CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN go together: set both or neither.',
        'VARNISH_PURGE_TOKEN: needs VARNISH_PURGE_URL',
      ],
    });
    expect(parseCdnSettings({ CLOUDFLARE_ZONE_ID: 'example.org', CLOUDFLARE_API_TOKEN: 'x', VARNISH_PURGE_URL: 'varnish:6081' })).toEqual({
      ok: false,
      problems: ['CLOUDFLARE_ZONE_ID: must be the 32-character hex zone id', 'VARNISH_PURGE_URL: must be an http or https URL'],
    });
    expect(() => cdnPurgerFromEnv({ FASTLY_SERVICE_ID: 'abc' })).toThrow(/FASTLY_SERVICE_ID and FASTLY_API_TOKEN go together/);
  });

  it('is part of the configuration: a bad CDN setting stops the start with the config error', () => {
    const base = { SECRET_KEY: 'k'.repeat(32) };
    expect(loadConfig({ ...base, VARNISH_PURGE_URL: 'http://127.0.0.1:6081/' }).cdn.varnish).toEqual({
      purgeUrl: 'http://127.0.0.1:6081/',
      token: null,
    });
    expect(loadConfig(base).cdn).toEqual({ webhook: null, fastly: null, cloudflare: null, varnish: null });
    expect(() => loadConfig({ ...base, FASTLY_API_TOKEN: 'tok' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, FASTLY_API_TOKEN: 'tok' })).toThrow(
      'Invalid configuration:\nFASTLY_SERVICE_ID and FASTLY_API_TOKEN go together: set both or neither.',
    );
  });
});

describe('batches', () => {
  it('caps the count and the joined length, keeps order and drops duplicates', () => {
    expect(batches(['a', 'b', 'a', 'c', 'd', 'e'], { maxCount: 2 })).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(batches(['aaaa', 'bbbb', 'cccc'], { maxCount: 10, maxChars: 9 })).toEqual([['aaaa', 'bbbb'], ['cccc']]);
    expect(batches([], { maxCount: 3 })).toEqual([]);
    // A single key longer than the cap still goes, alone.
    expect(batches(['x'.repeat(20), 'y'], { maxCount: 10, maxChars: 9 })).toEqual([['x'.repeat(20)], ['y']]);
  });
});
