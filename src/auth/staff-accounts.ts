import type { z } from 'zod';
import { recordAudit } from '../audit/record-audit.js';
import { can, type Actor } from '../content/policy.js';
import { createRoleProblem, StaffCreateSchema } from '../content/staff-input.js';
import { forbidden } from '../editorial/newsroom-error.js';
import { findStaffByEmail, insertStaff, updateStaff } from '../store/access/staff-repository.js';
import { insertToken } from '../store/access/token-repository.js';
import type { Db } from '../store/store.js';
import { isUniqueViolation } from '../store/unique-slug.js';
import { insertBylineProfile } from '../taxonomy/authors.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { hashToken, newToken } from './tokens.js';

// The one writer of new staff accounts, for the newsroom's staff screen and
// `masthead user add`: input parsed by content/staff-input.ts's StaffCreateSchema, the
// password rule of passwords.ts, and the unique indexes deciding races (one account per
// address, one owner). The first-run owner set-up (owner-setup.ts) makes its account
// inside the transaction that uses its link up.

export type NewStaffAccount = z.infer<typeof StaffCreateSchema>;
export type StaffCreated = { ok: true; id: number } | { ok: false; field: 'email' | 'role' | 'password'; message: string };

/** How an account starts: `invited` when its password is a placeholder until the set-up link is used. */
export interface AccountStart {
  password: string;
  invited?: boolean;
  /** Also make an author profile named after the person and link it: their byline. */
  byline?: boolean;
}

/**
 * `by` is the signed-in person asking, or 'operator' for someone at the server's shell
 * (the CLI), who may make any role, the one owner included.
 */
export async function createStaffAccount(
  db: Db,
  by: Actor | 'operator',
  account: NewStaffAccount & AccountStart,
  at: Date,
): Promise<StaffCreated> {
  if (by !== 'operator') {
    if (!can(by, 'staff.manage')) throw forbidden();
    const roleProblem = createRoleProblem(by, account.role);
    if (roleProblem) return { ok: false, field: 'role', message: roleProblem };
  }
  const weak = passwordProblem(account.password);
  if (weak) return { ok: false, field: 'password', message: weak };
  const taken = { ok: false, field: 'email', message: 'already belongs to a staff account' } as const;
  if (await findStaffByEmail(db, account.email)) return taken;
  const passwordHash = await hashPassword(account.password);
  try {
    const id = await db.transaction().execute(async (trx) => {
      const authorId = account.byline ? await insertBylineProfile(trx, account.name, at) : null;
      const staffId = await insertStaff(trx, {
        email: account.email,
        name: account.name,
        role: account.role,
        passwordHash,
        authorId,
        invited: account.invited ?? false,
        now: at.toISOString(),
      });
      await recordAudit(trx, {
        action: 'staff.created',
        target: { kind: 'staff', id: staffId, label: account.email },
        detail: { name: account.name, role: account.role, ...(authorId !== null && { byline: 'new author profile' }) },
      });
      return staffId;
    });
    return { ok: true, id };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    if (await findStaffByEmail(db, account.email)) return taken;
    if (account.role !== 'owner') throw error;
    return { ok: false, field: 'role', message: 'An owner account already exists; a publication has one owner.' };
  }
}

/** How long a set-up link made for an imported person stays valid. */
const SETUP_LINK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * A staff account for a person an import brought in (`migrate-from … --staff ROLE`): the
 * source's password is never carried over, so the account gets an unusable random one,
 * its byline's author profile, and a set-up link (a password-reset token, 7 days) that
 * the operator hands to the person. An address that already has an account is left alone.
 */
export async function createImportedStaff(
  db: Db,
  person: { email: string; name: string; role: NewStaffAccount['role']; authorId: number; siteUrl: string },
  at: Date,
): Promise<{ ok: true; link: string } | { ok: false; message: string }> {
  const parsed = StaffCreateSchema.safeParse({ email: person.email, name: person.name, role: person.role });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') };
  if (person.role === 'owner') return { ok: false, message: 'an import never makes an owner' };
  const created = await createStaffAccount(db, 'operator', { ...parsed.data, password: `${newToken()}${newToken()}`, invited: true }, at);
  if (!created.ok) return { ok: false, message: `${created.field} ${created.message}` };
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    await updateStaff(trx, created.id, { author_id: person.authorId });
    await insertToken(trx, {
      hash: hashToken(token),
      purpose: 'password-reset',
      subjectId: created.id,
      now: at.toISOString(),
      expiresAt: new Date(at.getTime() + SETUP_LINK_MS).toISOString(),
    });
  });
  return { ok: true, link: `${person.siteUrl}/admin/reset?token=${token}` };
}
