import { describe, expect, it } from 'vitest';
import { parseUnsubscribeToken, unsubscribeToken, unsubscribeUrl } from './unsubscribe-link.js';

const secret = 'k'.repeat(64);

describe('unsubscribe links', () => {
  it('round-trips both kinds of target', () => {
    expect(parseUnsubscribeToken(secret, unsubscribeToken(secret, { delivery: 42 }))).toEqual({ delivery: 42 });
    expect(parseUnsubscribeToken(secret, unsubscribeToken(secret, { subscriber: 7, newsletter: 2 }))).toEqual({
      subscriber: 7,
      newsletter: 2,
    });
    expect(unsubscribeUrl('https://mag.example', secret, { delivery: 1 })).toMatch(
      /^https:\/\/mag\.example\/newsletter\/unsubscribe\?token=d1\.[\w-]{43}$/,
    );
  });

  it('refuses a token signed under another key, for another subject, or malformed', () => {
    const token = unsubscribeToken(secret, { delivery: 42 });
    expect(parseUnsubscribeToken('o'.repeat(64), token)).toBeNull();
    expect(parseUnsubscribeToken(secret, token.replace('d42', 'd43'))).toBeNull();
    expect(parseUnsubscribeToken(secret, `${token}x`)).toBeNull();
    expect(parseUnsubscribeToken(secret, '')).toBeNull();
    expect(parseUnsubscribeToken(secret, undefined)).toBeNull();
  });
});
