import type { Mailer } from '../mail/mailer.js';
import { deleteSessionsOf, findStaffByEmail, updateStaff } from '../store/access/staff-repository.js';
import { lockedUntil, recordFailure, type ThrottleRule } from '../store/access/throttle-repository.js';
import { consumeToken, insertToken, peekToken, revokeTokens } from '../store/access/token-repository.js';
import type { Db } from '../store/store.js';
import { hashPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';

// Password reset by emailed link. The request answers the same whether or not the
// address has an account; at most three links per account an hour are sent.

const RESET_VALID_MS = 60 * 60 * 1000;
const RESET_RULE: ThrottleRule = { limit: 3, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };

export async function requestPasswordReset(
  db: Db,
  mailer: Mailer,
  input: { email: string; siteUrl: string; publicationName: string; at: Date },
): Promise<void> {
  const staff = await findStaffByEmail(db, input.email.trim());
  if (!staff || staff.disabled_at) return;
  const key = `reset:account:${staff.id}`;
  const now = input.at.toISOString();
  if (await lockedUntil(db, key, now)) return;
  await recordFailure(db, key, RESET_RULE, input.at);
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    await revokeTokens(trx, 'password-reset', staff.id, now);
    await insertToken(trx, {
      hash: hashToken(token),
      purpose: 'password-reset',
      subjectId: staff.id,
      now,
      expiresAt: new Date(input.at.getTime() + RESET_VALID_MS).toISOString(),
    });
  });
  const link = `${input.siteUrl}/admin/reset?token=${token}`;
  await mailer.send({
    to: staff.email,
    subject: `Reset your ${input.publicationName} newsroom password`,
    text:
      `Someone asked to reset the password of your ${input.publicationName} newsroom account.\n\n` +
      `To choose a new password, open this link within an hour:\n${link}\n\n` +
      'If it was not you, ignore this message; your password stays as it is.\n',
  });
}

export async function resetTokenValid(db: Db, token: string, at: Date): Promise<boolean> {
  return !!(await peekToken(db, hashToken(token), 'password-reset', at.toISOString()));
}

/** Sets the new password and signs the person out everywhere; false if the link is spent. */
export async function completePasswordReset(db: Db, token: string, password: string, at: Date): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const used = await consumeToken(trx, hashToken(token), 'password-reset', at.toISOString());
    if (!used?.subject_id) return false;
    await updateStaff(trx, used.subject_id, { password_hash: passwordHash });
    await deleteSessionsOf(trx, used.subject_id);
    return true;
  });
}
