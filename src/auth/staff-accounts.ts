import type { z } from 'zod';
import { can, type Actor } from '../content/policy.js';
import { createRoleProblem, type StaffCreateSchema } from '../content/staff-input.js';
import { forbidden } from '../editorial/newsroom-error.js';
import { findStaffByEmail, insertStaff } from '../store/access/staff-repository.js';
import type { Db } from '../store/store.js';
import { isUniqueViolation } from '../store/unique-slug.js';
import { hashPassword, passwordProblem } from './passwords.js';

// The one writer of new staff accounts, for the newsroom's staff screen and
// `masthead user add`: input parsed by content/staff-input.ts's StaffCreateSchema, the
// password rule of passwords.ts, and the unique indexes deciding races (one account per
// address, one owner). The first-run owner set-up (owner-setup.ts) makes its account
// inside the transaction that uses its link up.

export type NewStaffAccount = z.infer<typeof StaffCreateSchema>;
export type StaffCreated = { ok: true; id: number } | { ok: false; field: 'email' | 'role' | 'password'; message: string };

/**
 * `by` is the signed-in person asking, or 'operator' for someone at the server's shell
 * (the CLI), who may make any role, the one owner included.
 */
export async function createStaffAccount(
  db: Db,
  by: Actor | 'operator',
  account: NewStaffAccount & { password: string },
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
    const id = await insertStaff(db, { email: account.email, name: account.name, role: account.role, passwordHash, now: at.toISOString() });
    return { ok: true, id };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    if (await findStaffByEmail(db, account.email)) return taken;
    return { ok: false, field: 'role', message: 'An owner account already exists; a publication has one owner.' };
  }
}
