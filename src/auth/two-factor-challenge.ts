import { recordAudit } from '../audit/record-audit.js';
import {
  reserveAttempt,
  settleFailure,
  settleSuccess,
  type Reservation,
  type ReservationRule,
} from '../store/access/throttle-repository.js';
import { deleteChallenge, findChallenge, insertChallenge } from '../store/access/two-factor-repository.js';
import type { Db } from '../store/store.js';
import { ACCOUNT_RULE } from './login.js';
import { hashToken, newToken } from './tokens.js';
import { verifySecondFactor, type SecondFactorResult } from './two-factor.js';

// The second step of signing in. A correct password for a person with two-factor on gives
// no session, only a pending step: a random token in a cookie of that browser, its hash in
// `two_factor_challenges`, good for five minutes. The code typed there turns it into a
// session. Wrong codes count toward the account's lockout like wrong passwords.

export const CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * Codes are counted under a key of their own as well as the login's account key: the
 * login clears its key on a correct password, so without this one, a person who knows the
 * password could alternate password and guesses for ever. This key is cleared only by a
 * correct second factor. Both are reserved before the code is checked (the login's
 * reservation, throttle-repository.ts), so a burst of guesses sent at once gets at most
 * the limit of them checked.
 */
const CODE_RULE: ReservationRule = ACCOUNT_RULE;

const accountKey = (email: string) => `login:account:${email.trim().toLowerCase()}`;
const codeKey = (staffId: number) => `two-factor:account:${staffId}`;

type Refusal = Exclude<Reservation, { ok: true }>;
export type GuardedCheck = { ok: true } | { ok: false; reason: 'invalid' } | Refusal;

/**
 * Runs one check of a second factor (or of a password and a code) under the account's
 * lockout: reserved in both throttle rows first, then settled as a failure (which may
 * lock) or a success (which clears both counts).
 */
export async function guardedSecondFactorCheck(
  db: Db,
  person: { id: number; email: string },
  at: Date,
  check: () => Promise<boolean>,
): Promise<GuardedCheck> {
  const keys = [accountKey(person.email), codeKey(person.id)];
  const account = await reserveAttempt(db, keys[0]!, ACCOUNT_RULE, at);
  if (!account.ok) return account;
  const code = await reserveAttempt(db, keys[1]!, CODE_RULE, at);
  if (!code.ok) {
    await settleSuccess(db, keys[0]!, { clear: false });
    return code;
  }
  let passed: boolean;
  try {
    passed = await check();
  } catch (error) {
    // Nothing was learnt: the places go back uncounted.
    for (const key of keys) await settleSuccess(db, key, { clear: false }).catch(() => {});
    throw error;
  }
  if (passed) {
    for (const key of keys) await settleSuccess(db, key, { clear: true });
    return { ok: true };
  }
  const accountLock = await settleFailure(db, keys[0]!, ACCOUNT_RULE, at);
  const codeLock = await settleFailure(db, keys[1]!, CODE_RULE, at);
  const until = accountLock ?? codeLock;
  return until ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'invalid' };
}

export async function startChallenge(db: Db, staffId: number, at: Date): Promise<string> {
  const token = newToken();
  await insertChallenge(db, {
    idHash: hashToken(token),
    staffId,
    now: at.toISOString(),
    expiresAt: new Date(at.getTime() + CHALLENGE_TTL_MS).toISOString(),
  });
  return token;
}

/** Whether the token is a live second step of an enabled account (the GET of the form). */
export async function challengeValid(db: Db, token: string, at: Date): Promise<boolean> {
  const row = await findChallenge(db, hashToken(token), at.toISOString());
  return Boolean(row && !row.disabled_at);
}

export type SecondStepResult =
  | { ok: true; staffId: number; via: Exclude<SecondFactorResult, null> }
  | { ok: false; reason: 'expired' }
  | Exclude<GuardedCheck, { ok: true }>;

export async function completeSecondStep(
  db: Db,
  secretKey: string,
  input: { token: string; code: string; at: Date },
): Promise<SecondStepResult> {
  const idHash = hashToken(input.token);
  const person = await findChallenge(db, idHash, input.at.toISOString());
  if (!person || person.disabled_at) return { ok: false, reason: 'expired' };

  let via: SecondFactorResult = null;
  const result = await guardedSecondFactorCheck(db, person, input.at, async () => {
    via = await verifySecondFactor(db, secretKey, person.id, input.code.slice(0, 64), input.at);
    return via !== null;
  });
  const target = { kind: 'staff' as const, id: person.id, label: person.email };
  if (result.ok && via) {
    await deleteChallenge(db, idHash);
    await recordAudit(db, {
      action: 'sign-in.succeeded',
      actor: { kind: 'staff', id: person.id, name: person.name },
      target,
      detail: { step: 'two-factor', via },
    });
    return { ok: true, staffId: person.id, via };
  }
  if (!result.ok && result.reason === 'busy') return result;
  const locked = !result.ok && result.reason === 'locked';
  // Locked out: the password has to be given again once the lock ends.
  if (locked) await deleteChallenge(db, idHash);
  await recordAudit(db, { action: locked ? 'sign-in.locked' : 'sign-in.failed', target, detail: { step: 'two-factor' } });
  return result.ok ? { ok: false, reason: 'invalid' } : result;
}
