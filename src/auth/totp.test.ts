import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, stepAt, totpAt } from './totp.js';

// RFC 6238 appendix B: the seeds are ASCII "12345678901234567890" repeated to the key size
// of each hash; the table gives 8-digit codes at fixed times.
const SEED_SHA1 = Buffer.from('12345678901234567890', 'ascii');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012', 'ascii');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii');
const VECTORS: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('matches the RFC 6238 vectors at T=%i', (seconds, sha1, sha256, sha512) => {
    const step = stepAt(new Date(seconds * 1000));
    expect(hotp(SEED_SHA1, step, 8, 'sha1')).toBe(sha1);
    expect(hotp(SEED_SHA256, step, 8, 'sha256')).toBe(sha256);
    expect(hotp(SEED_SHA512, step, 8, 'sha512')).toBe(sha512);
  });

  it('gives the 6-digit code as the last six digits of the RFC value', () => {
    expect(totpAt(SEED_SHA1, new Date(59_000))).toBe('287082');
    expect(totpAt(SEED_SHA1, new Date(1111111109_000))).toBe('081804');
  });

  it('accepts a code one step early or late, not two', () => {
    const at = new Date(1_700_000_000_000);
    const step = stepAt(at);
    for (const offset of [-1, 0, 1]) {
      expect(matchTotp(SEED_SHA1, hotp(SEED_SHA1, step + offset), at, null)).toBe(step + offset);
    }
    expect(matchTotp(SEED_SHA1, hotp(SEED_SHA1, step - 2), at, null)).toBeNull();
    expect(matchTotp(SEED_SHA1, hotp(SEED_SHA1, step + 2), at, null)).toBeNull();
  });

  it('refuses a code whose step was already used, and every older one', () => {
    const at = new Date(1_700_000_000_000);
    const step = stepAt(at);
    const code = hotp(SEED_SHA1, step);
    expect(matchTotp(SEED_SHA1, code, at, null)).toBe(step);
    expect(matchTotp(SEED_SHA1, code, at, step)).toBeNull();
    expect(matchTotp(SEED_SHA1, hotp(SEED_SHA1, step - 1), at, step)).toBeNull();
    // The next step's code is still good after this one was used.
    expect(matchTotp(SEED_SHA1, hotp(SEED_SHA1, step + 1), at, step)).toBe(step + 1);
  });

  it('refuses malformed codes', () => {
    const at = new Date(1_700_000_000_000);
    for (const code of ['', '12345', '1234567', 'abcdef', ' 12345', '12345\n']) expect(matchTotp(SEED_SHA1, code, at, null)).toBeNull();
  });

  it('round-trips base32 and builds the otpauth URI', () => {
    expect(base32Encode(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq').toString()).toBe('12345678901234567890');
    expect(otpauthUri(SEED_SHA1, 'Daily Planet', 'lois@example.org')).toBe(
      'otpauth://totp/Daily%20Planet:lois%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Daily+Planet&algorithm=SHA1&digits=6&period=30',
    );
  });
});
