import {
  reserveAttempt,
  settleFailure,
  settleSuccess,
  type Reservation,
  type ReservationRule,
  type ThrottleRule,
} from '../store/access/throttle-repository.js';
import { findStaffByEmail, type StaffRecord } from '../store/access/staff-repository.js';
import type { Db } from '../store/store.js';
import { verifyAgainstDecoy, verifyPassword } from './passwords.js';

// Signing in. A wrong password and an unknown email get the same answer in the same
// time; repeated failures lock the account and, separately, the address they came from.
// Each attempt is reserved in both throttle rows before its password is hashed, so
// attempts sent at the same time are counted one by one and none is hashed past the
// limit; a password hash for one account waits in no queue (at most two at once).

export const ACCOUNT_RULE: ReservationRule = { limit: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxInFlight: 2 };
export const ADDRESS_RULE: ThrottleRule = { limit: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export type LoginResult =
  | { ok: true; staff: StaffRecord }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: string }
  /** Other attempts on this account or from this address are being checked right now. */
  | { ok: false; reason: 'busy' };

type Refusal = Exclude<Reservation, { ok: true }>;
const refused = (refusal: Refusal): LoginResult =>
  refusal.reason === 'locked' ? { ok: false, reason: 'locked', until: refusal.until } : { ok: false, reason: 'busy' };

export async function attemptLogin(db: Db, input: { email: string; password: string; ip: string; at: Date }): Promise<LoginResult> {
  const accountKey = `login:account:${input.email.trim().toLowerCase()}`;
  const addressKey = `login:address:${input.ip}`;
  // The address first: a locked address must not use up the account's places.
  const address = await reserveAttempt(db, addressKey, ADDRESS_RULE, input.at);
  if (!address.ok) return refused(address);
  const account = await reserveAttempt(db, accountKey, ACCOUNT_RULE, input.at);
  if (!account.ok) {
    await settleSuccess(db, addressKey, { clear: false });
    return refused(account);
  }

  let staff: StaffRecord | undefined;
  let valid: boolean;
  try {
    staff = await findStaffByEmail(db, input.email.trim());
    valid =
      staff && !staff.disabled_at ? await verifyPassword(input.password, staff.password_hash) : await verifyAgainstDecoy(input.password);
  } catch (error) {
    // Nothing was learnt: the places go back uncounted, so no reservation outlives its attempt.
    await settleSuccess(db, accountKey, { clear: false }).catch(() => {});
    await settleSuccess(db, addressKey, { clear: false }).catch(() => {});
    throw error;
  }
  if (valid && staff) {
    await settleSuccess(db, accountKey, { clear: true });
    await settleSuccess(db, addressKey, { clear: false });
    return { ok: true, staff };
  }
  const accountLock = await settleFailure(db, accountKey, ACCOUNT_RULE, input.at);
  const addressLock = await settleFailure(db, addressKey, ADDRESS_RULE, input.at);
  const until = accountLock ?? addressLock;
  return until ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'invalid' };
}
