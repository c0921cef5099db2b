import { randomBytes } from 'node:crypto';
import { base32Encode } from './totp.js';
import { hashToken } from './tokens.js';

// Recovery codes: ten per enrolment, each 80 random bits written as four groups of four
// base32 letters ("k7pq-2mxa-…"), shown once and stored as SHA-256. A slow salted hash
// (scrypt, as for passwords) protects guessable secrets; these are not guessable (2^80
// tries per code, offline), and a fast hash lets a code be found by one indexed lookup
// instead of ten 128 MiB scrypt runs per attempt, which the two-hash limit would queue.

export const RECOVERY_CODE_COUNT = 10;

/** New codes as shown to the person, each with the hash that is stored. */
export function newRecoveryCodes(): Array<{ code: string; hash: string }> {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const letters = base32Encode(randomBytes(10)).toLowerCase();
    return { code: letters.replace(/(.{4})(?!$)/g, '$1-'), hash: hashOf(letters) };
  });
}

const hashOf = (letters: string) => hashToken(`recovery:${letters}`);

/**
 * The stored hash of a code as typed back (spaces, dashes and case do not matter), or
 * null when the input cannot be a recovery code at all.
 */
export function hashRecoveryCode(input: string): string | null {
  const letters = input.replace(/[\s-]/g, '').toLowerCase();
  return /^[a-z2-7]{16}$/.test(letters) ? hashOf(letters) : null;
}
