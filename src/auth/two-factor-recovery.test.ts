import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCodes, RECOVERY_CODE_COUNT } from './two-factor-recovery.js';

describe('recovery codes', () => {
  it('makes ten distinct 80-bit codes, stored only as their hash', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes.map((c) => c.code)).size).toBe(RECOVERY_CODE_COUNT);
    for (const { code, hash } of codes) {
      expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).not.toContain(code.replace(/-/g, ''));
    }
  });

  it('finds a code typed back with other spacing, dashes or case, and nothing else', () => {
    const [{ code, hash }] = newRecoveryCodes() as [{ code: string; hash: string }];
    expect(hashRecoveryCode(code)).toBe(hash);
    expect(hashRecoveryCode(code.toUpperCase().replace(/-/g, ' '))).toBe(hash);
    expect(hashRecoveryCode(` ${code.replace(/-/g, '')} `)).toBe(hash);
    expect(hashRecoveryCode('123456')).toBeNull();
    expect(hashRecoveryCode(code.slice(0, -1))).toBeNull();
    expect(hashRecoveryCode(`${code}a`)).toBeNull();
  });
});
