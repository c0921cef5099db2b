import { describe, expect, it } from 'vitest';
import { isLocale, isTimeZone, parseSocialLines, SettingsInputSchema, socialLinesOf } from './settings-input.js';

const valid = { name: 'The Evening Ledger', tagline: '', time_zone: 'Europe/Berlin', locale: 'en-GB', social: '', newsletter_pitch: '' };

describe('publication settings input', () => {
  it('knows real time zones and language tags only', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isLocale('de-DE')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('english please')).toBe(false);
    expect(isLocale('')).toBe(false);
  });

  it('reads social links one a line and keeps only http(s) addresses', () => {
    const { links, problems } = parseSocialLines(
      'Mastodon https://mastodon.example/@us\r\n\n  bluesky   https://bsky.app/profile/us.example  ',
    );
    expect(problems).toEqual([]);
    expect(links).toEqual([
      { network: 'mastodon', url: 'https://mastodon.example/@us' },
      { network: 'bluesky', url: 'https://bsky.app/profile/us.example' },
    ]);
    expect(socialLinesOf(links)).toBe('mastodon https://mastodon.example/@us\nbluesky https://bsky.app/profile/us.example');
  });

  it.each([
    ['x javascript:alert(1)', 'line 1: only http and https addresses are allowed'],
    ['x data:text/html,hi', 'line 1: only http and https addresses are allowed'],
    ['x not-a-url', 'line 1: "not-a-url" is not a web address'],
    ['https://x.com/us', 'line 1: write the network, a space, then the address'],
    ['x https://x.com/us extra', 'line 1: write the network, a space, then the address'],
    ['<b> https://x.com/us', 'line 1: the network name must be a short word such as "mastodon"'],
  ])('refuses the social line %j', (line, message) => {
    expect(parseSocialLines(line)).toEqual({ links: [], problems: [message] });
  });

  it('accepts a complete form and names every bad field', () => {
    expect(SettingsInputSchema.safeParse(valid).success).toBe(true);
    const bad = SettingsInputSchema.safeParse({ ...valid, name: ' ', time_zone: 'Nowhere', social: 'x ftp://x.example', extra: 'no' });
    expect(bad.success).toBe(false);
    const fields = bad.success ? [] : bad.error.issues.map((i) => i.path.join('.') || i.code);
    expect(fields.sort()).toEqual(['name', 'social', 'time_zone', 'unrecognized_keys'].sort());
  });

  it('refuses a line break or other control character in the name, which reaches mail headers', () => {
    for (const name of ['The Evening\nLedger', 'The Evening\rLedger', 'Tab\there', 'Bell\u0007']) {
      const result = SettingsInputSchema.safeParse({ ...valid, name });
      expect(result.success, JSON.stringify(name)).toBe(false);
      expect(result.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`)).toEqual([
        'name must be one line, without control characters',
      ]);
    }
    expect(SettingsInputSchema.safeParse({ ...valid, name: 'L’Écho – édition du soir' }).success).toBe(true);
  });

  it('keeps the postal address as trimmed lines, at most 500 characters', () => {
    expect(SettingsInputSchema.parse({ ...valid, postal_address: '  12 Harbour Lane \n Portsmouth  \n' }).postal_address).toBe(
      '12 Harbour Lane\nPortsmouth',
    );
    expect(SettingsInputSchema.parse(valid).postal_address).toBe('');
    expect(SettingsInputSchema.safeParse({ ...valid, postal_address: 'a'.repeat(501) }).success).toBe(false);
  });
});
