import { countStaff, insertStaff } from '../store/access/staff-repository.js';
import { consumeToken, insertToken, peekToken, revokeTokens } from '../store/access/token-repository.js';
import type { Db } from '../store/store.js';
import { hashPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';

// First run (SPEC §1): while no staff account exists, start-up prints a one-time link
// that creates the owner. Only that link or `masthead user add` can make the first account.

const SETUP_VALID_MS = 24 * 60 * 60 * 1000;

/** A fresh set-up link when nobody can sign in yet; earlier links stop working. */
export async function ownerSetupLink(db: Db, siteUrl: string, at: Date): Promise<string | null> {
  if ((await countStaff(db)) > 0) return null;
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    await revokeTokens(trx, 'owner-setup', null, at.toISOString());
    await insertToken(trx, {
      hash: hashToken(token),
      purpose: 'owner-setup',
      subjectId: null,
      now: at.toISOString(),
      expiresAt: new Date(at.getTime() + SETUP_VALID_MS).toISOString(),
    });
  });
  return `${siteUrl}/admin/setup?token=${token}`;
}

export async function setupTokenValid(db: Db, token: string, at: Date): Promise<boolean> {
  return !!(await peekToken(db, hashToken(token), 'owner-setup', at.toISOString()));
}

/**
 * Uses the link up and creates the owner in one transaction. Of two racing requests one
 * consumes the token; the unique owner index stops any other path to a second owner.
 */
export async function completeOwnerSetup(
  db: Db,
  token: string,
  owner: { email: string; name: string; password: string },
  at: Date,
): Promise<number | null> {
  const passwordHash = await hashPassword(owner.password);
  return db.transaction().execute(async (trx) => {
    const used = await consumeToken(trx, hashToken(token), 'owner-setup', at.toISOString());
    if (!used || (await countStaff(trx)) > 0) return null;
    return insertStaff(trx, { email: owner.email, name: owner.name, role: 'owner', passwordHash, now: at.toISOString() });
  });
}
