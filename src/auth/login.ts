import { clearThrottle, lockedUntil, recordFailure, type ThrottleRule } from '../store/access/throttle-repository.js';
import { findStaffByEmail, type StaffRecord } from '../store/access/staff-repository.js';
import type { Db } from '../store/store.js';
import { verifyAgainstDecoy, verifyPassword } from './passwords.js';

// Signing in. A wrong password and an unknown email get the same answer in the same
// time; repeated failures lock the account and, separately, the address they came from.

export const ACCOUNT_RULE: ThrottleRule = { limit: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { limit: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export type LoginResult =
  { ok: true; staff: StaffRecord } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; until: string };

export async function attemptLogin(db: Db, input: { email: string; password: string; ip: string; at: Date }): Promise<LoginResult> {
  const now = input.at.toISOString();
  const accountKey = `login:account:${input.email.trim().toLowerCase()}`;
  const addressKey = `login:address:${input.ip}`;
  const locked = (await lockedUntil(db, accountKey, now)) ?? (await lockedUntil(db, addressKey, now));
  if (locked) return { ok: false, reason: 'locked', until: locked };

  const staff = await findStaffByEmail(db, input.email.trim());
  const valid =
    staff && !staff.disabled_at ? await verifyPassword(input.password, staff.password_hash) : await verifyAgainstDecoy(input.password);
  if (valid && staff) {
    await clearThrottle(db, accountKey);
    return { ok: true, staff };
  }
  const accountLock = await recordFailure(db, accountKey, ACCOUNT_RULE, input.at);
  const addressLock = await recordFailure(db, addressKey, ADDRESS_RULE, input.at);
  const until = accountLock ?? addressLock;
  return until ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'invalid' };
}
