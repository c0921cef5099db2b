import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkingIntervalMs } from '../http/server-timeouts.js';
import { ConfigError, loadConfig } from './config.js';

// The limit settings of docs/limits.md (issue 12): defaults, units, and a bad value that
// stops the start with a message naming the variable.

const env = (more: Record<string, string>) => ({
  DATABASE_URL: 'file:/tmp/limits.db',
  DATA_DIR: '/srv/masthead',
  SECRET_KEY: 'k'.repeat(40),
  ...more,
});

describe('the limit settings', () => {
  it('defaults to 20 s for headers, 60 s for a request, 5 s keep-alive, 20 MB and 40 megapixels per image, 200 MB per bundle', () => {
    const config = loadConfig(env({}));
    expect(config.http).toEqual({ headersTimeoutMs: 20_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000 });
    expect(config.media).toEqual({ maxUploadBytes: 20 * 1024 * 1024, maxPixels: 40_000_000, tmpDir: path.resolve('/srv/masthead/tmp') });
    expect(config.importMaxBytes).toBe(200 * 1024 * 1024);
  });

  it('reads seconds, megabytes and pixels, fractions included', () => {
    const config = loadConfig(
      env({
        HTTP_HEADERS_TIMEOUT_S: '2',
        HTTP_REQUEST_TIMEOUT_S: '2.5',
        HTTP_KEEP_ALIVE_TIMEOUT_S: '1',
        MEDIA_MAX_UPLOAD_MB: '0.5',
        MEDIA_MAX_PIXELS: '1000000',
        UPLOAD_TMP_DIR: '/var/tmp/uploads',
        IMPORT_MAX_MB: '1024',
      }),
    );
    expect(config.http).toEqual({ headersTimeoutMs: 2_000, requestTimeoutMs: 2_500, keepAliveTimeoutMs: 1_000 });
    expect(config.media).toEqual({ maxUploadBytes: 512 * 1024, maxPixels: 1_000_000, tmpDir: '/var/tmp/uploads' });
    expect(config.importMaxBytes).toBe(1024 * 1024 * 1024);
    // Node's deadline timer runs every quarter of the shorter deadline, here 500 ms instead of 30 s.
    expect(checkingIntervalMs(config.http)).toBe(500);
  });

  it.each([
    ['HTTP_REQUEST_TIMEOUT_S', '0'],
    ['HTTP_HEADERS_TIMEOUT_S', 'soon'],
    ['MEDIA_MAX_UPLOAD_MB', '-1'],
    ['MEDIA_MAX_PIXELS', '1.5'],
    ['MEDIA_MAX_PIXELS', '999999999'],
    ['IMPORT_MAX_MB', 'lots'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig(env({ [name]: value }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ [name]: value }))).toThrow(name);
  });

  it('refuses a headers deadline longer than the whole-request one (Node would throw at start)', () => {
    expect(() => loadConfig(env({ HTTP_HEADERS_TIMEOUT_S: '30', HTTP_REQUEST_TIMEOUT_S: '10' }))).toThrow(
      'HTTP_HEADERS_TIMEOUT_S must not be longer than HTTP_REQUEST_TIMEOUT_S',
    );
  });
});
