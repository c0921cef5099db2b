import { renderSVG } from 'uqr';
import { recordAudit } from '../audit/record-audit.js';
import type { StaffRole } from '../content/roles.js';
import {
  countUnusedRecoveryCodes,
  deleteTwoFactor,
  findTwoFactor,
  loadTwoFactorRequirement,
  replaceRecoveryCodes,
  saveTwoFactorRequirement,
  spendRecoveryCode,
  spendTotpStep,
  upsertPendingTwoFactor,
  type TwoFactorRequirement,
} from '../store/access/two-factor-repository.js';
import type { Db } from '../store/store.js';
import { hashRecoveryCode, newRecoveryCodes } from './two-factor-recovery.js';
import { openTotpSecret, sealTotpSecret } from './two-factor-secret.js';
import { base32Encode, matchTotp, newTotpSecret, otpauthUri } from './totp.js';

// Two-factor sign-in for staff (docs/two-factor.md): a TOTP authenticator app, with ten
// single-use recovery codes for a lost phone. It is on only once the person has typed a
// first valid code, so a mis-scanned QR code never locks anybody out.

export type { TwoFactorRequirement };

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(db: Db, staffId: number): Promise<TwoFactorStatus> {
  const row = await findTwoFactor(db, staffId);
  if (!row?.enabled_at) return { enabled: false, recoveryCodesLeft: 0 };
  return { enabled: true, recoveryCodesLeft: await countUnusedRecoveryCodes(db, staffId) };
}

export interface Enrolment {
  /** The secret in base32, for typing into the app by hand. */
  manualKey: string;
  /** The same as an otpauth:// QR code, an inline SVG (no request anywhere, allowed by the CSP). */
  qrSvg: string;
}

function enrolmentOf(secret: Buffer, issuer: string, account: string): Enrolment {
  return {
    manualKey: base32Encode(secret)
      .match(/.{1,4}/g)!
      .join(' '),
    qrSvg: renderSVG(otpauthUri(secret, issuer, account), { border: 2 }),
  };
}

/**
 * The secret waiting for confirmation: the one already pending (reloading the page shows
 * the same key the app may have scanned), or a new one. Null when two-factor is already on.
 */
export async function pendingEnrolment(
  db: Db,
  secretKey: string,
  person: { id: number; email: string },
  issuer: string,
  at: Date,
): Promise<Enrolment | null> {
  const row = await findTwoFactor(db, person.id);
  if (row?.enabled_at) return null;
  const existing = row ? openTotpSecret(secretKey, row.secret) : null;
  if (existing) return enrolmentOf(existing, issuer, person.email);
  const secret = newTotpSecret();
  if (!(await upsertPendingTwoFactor(db, person.id, sealTotpSecret(secretKey, secret), at.toISOString()))) return null;
  return enrolmentOf(secret, issuer, person.email);
}

/** Turns two-factor on with the first valid code; answers the recovery codes to show once, or null. */
export async function confirmEnrolment(
  db: Db,
  secretKey: string,
  person: { id: number; email: string },
  code: string,
  at: Date,
): Promise<string[] | null> {
  const staffId = person.id;
  const row = await findTwoFactor(db, staffId);
  if (!row || row.enabled_at) return null;
  const secret = openTotpSecret(secretKey, row.secret);
  const step = secret ? matchTotp(secret, code.trim(), at, row.last_used_step) : null;
  if (step === null) return null;
  const codes = newRecoveryCodes();
  const now = at.toISOString();
  const enabled = await db.transaction().execute(async (trx) => {
    if (!(await spendTotpStep(trx, staffId, step, { enableAt: now }))) return false;
    await replaceRecoveryCodes(
      trx,
      staffId,
      codes.map((c) => c.hash),
      now,
    );
    await recordAudit(trx, { action: 'two-factor.enabled', target: { kind: 'staff', id: staffId, label: person.email } });
    return true;
  });
  return enabled ? codes.map((c) => c.code) : null;
}

/** A fresh set of ten recovery codes (the old ones stop working), for a person with two-factor on. */
export async function regenerateRecoveryCodes(db: Db, staffId: number, at: Date): Promise<string[] | null> {
  const row = await findTwoFactor(db, staffId);
  if (!row?.enabled_at) return null;
  const codes = newRecoveryCodes();
  await db.transaction().execute((trx) =>
    replaceRecoveryCodes(
      trx,
      staffId,
      codes.map((c) => c.hash),
      at.toISOString(),
    ),
  );
  return codes.map((c) => c.code);
}

export type SecondFactorResult = 'totp' | 'recovery-code' | null;

/**
 * Checks a second factor: a 6-digit code from the app (each accepted once: its step is
 * stored, and older codes are spent with it) or an unused recovery code (used up now).
 */
export async function verifySecondFactor(db: Db, secretKey: string, staffId: number, input: string, at: Date): Promise<SecondFactorResult> {
  const row = await findTwoFactor(db, staffId);
  if (!row?.enabled_at) return null;
  const code = input.replace(/\s/g, '');
  if (/^\d{6}$/.test(code)) {
    const secret = openTotpSecret(secretKey, row.secret);
    const step = secret ? matchTotp(secret, code, at, row.last_used_step) : null;
    // The conditional update decides between two requests racing with the same code.
    return step !== null && (await spendTotpStep(db, staffId, step)) ? 'totp' : null;
  }
  const recovery = hashRecoveryCode(input);
  if (recovery && (await spendRecoveryCode(db, staffId, recovery, at.toISOString()))) return 'recovery-code';
  return null;
}

/**
 * Turns two-factor off: the person's own choice (after their password and a code), or an
 * administrator's reset for a person who lost their phone and their recovery codes.
 */
export async function removeTwoFactor(db: Db, person: { id: number; email: string }, how: 'disabled' | 'reset'): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await deleteTwoFactor(trx, person.id);
    if (removed) await recordAudit(trx, { action: `two-factor.${how}`, target: { kind: 'staff', id: person.id, label: person.email } });
    return removed;
  });
}

/** The owner's choice of who must use two-factor; recorded as a settings change. */
export async function setTwoFactorRequirement(db: Db, requirement: TwoFactorRequirement): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await loadTwoFactorRequirement(trx);
    await saveTwoFactorRequirement(trx, requirement);
    if (before !== requirement) {
      await recordAudit(trx, {
        action: 'settings.changed',
        target: { kind: 'settings', id: null, label: 'Two-factor requirement' },
        detail: { twoFactorRequired: { from: before, to: requirement } },
      });
    }
  });
}

const ADMINS_AND_ABOVE: readonly StaffRole[] = ['admin', 'owner'];

/** Whether the owner's requirement covers this role. */
export function twoFactorRequiredFor(requirement: TwoFactorRequirement, role: StaffRole): boolean {
  return requirement === 'staff' || (requirement === 'admins' && ADMINS_AND_ABOVE.includes(role));
}
