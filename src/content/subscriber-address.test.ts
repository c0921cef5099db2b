import { describe, expect, it } from 'vitest';
import { checkSubscriberAddress } from './subscriber-address.js';

describe('checkSubscriberAddress', () => {
  it('accepts ordinary addresses and lower-cases them', () => {
    expect(checkSubscriberAddress('  Reader.One+news@Example.ORG ')).toEqual({ ok: true, email: 'reader.one+news@example.org' });
    expect(checkSubscriberAddress('a@b.co')).toEqual({ ok: true, email: 'a@b.co' });
    expect(checkSubscriberAddress('x@xn--bcher-kva.example')).toEqual({ ok: true, email: 'x@xn--bcher-kva.example' });
  });

  it.each([
    ['', 'Enter an email address.'],
    [42, 'Enter an email address.'],
    ['reader.example.org', 'needs an @'],
    ['a@b@example.org', 'only one @'],
    ['@example.org', 'before the @'],
    ['reader@localhost', 'must be a domain'],
    ['reader@exa_mple.org', 'must be a domain'],
    ['reader@example.1', 'top-level domain'],
    ['re..ader@example.org', 'before the @ is not valid'],
    ['reader@example.org\r\nBcc: x@evil.example', 'cannot contain'],
    ['"Reader" <reader@example.org>', 'cannot contain'],
    ['a@example.org, b@example.org', 'cannot contain'],
    [`${'a'.repeat(65)}@example.org`, 'before the @ is not valid'],
    [`a@${'b'.repeat(250)}.org`, 'at most 254'],
  ])('refuses %j with a reason', (raw, reason) => {
    const result = checkSubscriberAddress(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
