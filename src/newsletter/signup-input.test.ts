import { describe, expect, it } from 'vitest';
import { consentSource, parseSignupForm, parseSignupJson } from './signup-input.js';

describe('consentSource', () => {
  it.each([
    ['/walk-away-talks', '/walk-away-talks'],
    ['/', '/'],
    ['/section/europe?page=2#x', '/section/europe'],
    ['/newsletter', '/newsletter'],
  ])('keeps the site path %s as %s', (raw, expected) => {
    expect(consentSource(raw)).toBe(expected);
  });

  it.each([
    ['//evil.example/x'],
    ['/\\evil.example'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['relative/path'],
    ['/<script>'],
    ['/a b'],
    [`/${'a'.repeat(250)}`],
    [''],
    [undefined],
    [['/', '/']],
  ])('records anything but a same-site path (%j) as "form"', (raw) => {
    expect(consentSource(raw)).toBe('form');
  });
});

describe('parseSignupForm', () => {
  it('lower-cases the address, keeps the lists once each and the page path', () => {
    expect(
      parseSignupForm({ email: ' Reader@Example.ORG ', newsletters: ['weekly', 'daily', 'weekly'], source: '/latest', website: '' }),
    ).toEqual({ ok: true, request: { email: 'reader@example.org', newsletters: ['weekly', 'daily'], source: '/latest', honeypot: false } });
  });

  it('takes a single ticked list as a string, and no list as the default', () => {
    expect(parseSignupForm({ email: 'a@example.org', newsletters: 'daily' })).toMatchObject({
      ok: true,
      request: { newsletters: ['daily'] },
    });
    expect(parseSignupForm({ email: 'a@example.org' })).toMatchObject({ ok: true, request: { newsletters: [], source: 'form' } });
  });

  it('flags a filled-in honeypot without judging the rest', () => {
    expect(parseSignupForm({ email: 'not an address', website: 'https://spam.example' })).toMatchObject({
      ok: true,
      request: { honeypot: true },
    });
    expect(parseSignupForm({ email: 'a@example.org', website: '   ' })).toMatchObject({ ok: true, request: { honeypot: false } });
  });

  it('refuses a malformed address with the reason, keeping what was typed', () => {
    expect(parseSignupForm({ email: 'no-at.example.org', source: '/x', newsletters: 'daily' })).toEqual({
      ok: false,
      error: { code: 'SUBSCRIBER_ADDRESS_INVALID', field: 'email', message: 'An email address needs an @, as in name@example.org.' },
      email: 'no-at.example.org',
      source: '/x',
      newsletters: ['daily'],
    });
  });

  it('refuses a form that offered the lists with none ticked', () => {
    expect(parseSignupForm({ email: 'a@example.org', choice: '1' })).toMatchObject({
      ok: false,
      error: { field: 'newsletters', message: 'Tick at least one newsletter.' },
    });
    expect(parseSignupForm({ email: 'a@example.org', choice: '1', newsletters: 'daily' })).toMatchObject({ ok: true });
  });

  it('refuses too many lists', () => {
    const result = parseSignupForm({ email: 'a@example.org', newsletters: Array.from({ length: 21 }, (_, i) => `l${i}`) });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'newsletters' } });
  });
});

describe('parseSignupJson', () => {
  it('accepts an address and optional lists, with "api" as the source', () => {
    expect(parseSignupJson({ email: 'a@example.org' })).toEqual({
      ok: true,
      request: { email: 'a@example.org', newsletters: [], source: 'api', honeypot: false },
    });
    expect(parseSignupJson({ email: 'a@example.org', newsletters: ['daily'] })).toMatchObject({
      ok: true,
      request: { newsletters: ['daily'] },
    });
  });

  it.each([
    [{ email: 'a@example.org', extra: 1 }, /Unknown field "extra"/],
    [{ email: 'a@example.org', newsletters: 'daily' }, /newsletters/],
    [[], /body/],
    [null, /body/],
  ])('refuses %j', (body, message) => {
    const result = parseSignupJson(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  });

  it('gives the address reason for a bad address', () => {
    expect(parseSignupJson({ email: 42 })).toMatchObject({
      ok: false,
      error: { code: 'SUBSCRIBER_ADDRESS_INVALID', message: 'Enter an email address.' },
    });
  });
});
