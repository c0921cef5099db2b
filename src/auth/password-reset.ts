import { recordAudit } from '../audit/record-audit.js';
import type { MailMessage } from '../mail/mailer.js';
import { deleteSessionsOf, findStaffByEmail, findStaffById, updateStaff } from '../store/access/staff-repository.js';
import { recordFailure, type ThrottleRule } from '../store/access/throttle-repository.js';
import { consumeToken, insertToken, peekToken, revokeTokens } from '../store/access/token-repository.js';
import type { Db } from '../store/store.js';
import { hashPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';

// Password reset by emailed link. The request answers the same whether or not the
// address has an account, and takes the same work to answer: the same reads and writes
// are made for every address, and the mail itself is sent after the answer (the route
// does it), so neither the page nor its timing tells that an account exists. At most
// three links per address an hour are sent, counted before the link is made.

const RESET_VALID_MS = 60 * 60 * 1000;
const LINKS_PER_HOUR = 3;
/** One more than allowed: recordFailure answers non-null from the first request too many. */
const RESET_RULE: ThrottleRule = { limit: LINKS_PER_HOUR + 1, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };
/** Staff ids start at 1: revoking this subject's links touches no row, at the same cost. */
const NOBODY = 0;

/**
 * Everything a reset request does before its answer. Returns the message to send once the
 * answer is out, or null when there is nothing to send (an unknown or disabled address,
 * or one that had its links for this hour); the work is the same in every case.
 */
export async function preparePasswordReset(
  db: Db,
  input: { email: string; siteUrl: string; publicationName: string; at: Date },
): Promise<MailMessage | null> {
  const email = input.email.trim();
  const now = input.at.toISOString();
  const staff = await findStaffByEmail(db, email);
  const overLimit = (await recordFailure(db, `reset:address:${email.toLowerCase()}`, RESET_RULE, input.at)) !== null;
  const recipient = staff && !staff.disabled_at && !overLimit ? staff : null;
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    await revokeTokens(trx, 'password-reset', recipient?.id ?? NOBODY, now);
    if (!recipient) return;
    await insertToken(trx, {
      hash: hashToken(token),
      purpose: 'password-reset',
      subjectId: recipient.id,
      now,
      expiresAt: new Date(input.at.getTime() + RESET_VALID_MS).toISOString(),
    });
  });
  if (!recipient) return null;
  const link = `${input.siteUrl}/admin/reset?token=${token}`;
  return {
    kind: 'password-reset',
    to: recipient.email,
    subject: `Reset your ${input.publicationName} newsroom password`,
    text:
      `Someone asked to reset the password of your ${input.publicationName} newsroom account.\n\n` +
      `To choose a new password, open this link within an hour:\n${link}\n\n` +
      'If it was not you, ignore this message; your password stays as it is.\n',
  };
}

/**
 * The person a live link is for. A staff invitation is a reset link too: `invited` says the
 * person has never chosen a password, so the page offers to set up their account.
 */
export interface LinkHolder {
  staffId: number;
  name: string;
  invited: boolean;
}

export async function resetLinkHolder(db: Db, token: string, at: Date): Promise<LinkHolder | null> {
  const found = await peekToken(db, hashToken(token), 'password-reset', at.toISOString());
  const staff = found?.subject_id ? await findStaffById(db, found.subject_id) : undefined;
  return staff ? { staffId: staff.id, name: staff.name, invited: staff.password_set_at === null } : null;
}

/**
 * Sets the new password and signs the person out everywhere; null if the link is spent.
 * Answers who it was and whether this finished their invitation (their first password).
 */
export async function completePasswordReset(db: Db, token: string, password: string, at: Date): Promise<LinkHolder | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const used = await consumeToken(trx, hashToken(token), 'password-reset', at.toISOString());
    const staff = used?.subject_id ? await findStaffById(trx, used.subject_id) : undefined;
    if (!staff) return null;
    await updateStaff(trx, staff.id, { password_hash: passwordHash, password_set_at: at.toISOString() });
    await deleteSessionsOf(trx, staff.id);
    const invited = staff.password_set_at === null;
    await recordAudit(trx, {
      action: 'password-reset.completed',
      target: { kind: 'staff', id: staff.id, label: '' },
      ...(invited && { detail: { invitation: 'accepted' } }),
    });
    return { staffId: staff.id, name: staff.name, invited };
  });
}
