import type { Db } from '../store.js';

// Two-factor sign-in's rows (migration 0012): a person's TOTP enrolment, their recovery
// codes, pending second steps and the owner's requirement. Secrets and codes arrive here
// already encrypted or hashed (auth/two-factor*.ts).

export type TwoFactorRequirement = 'none' | 'admins' | 'staff';

export async function findTwoFactor(db: Db, staffId: number) {
  return db
    .selectFrom('staff_two_factor')
    .select(['secret', 'enabled_at', 'last_used_step'])
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
}

/** A new secret waiting for its first code; an enrolment already on is never replaced. */
export async function upsertPendingTwoFactor(db: Db, staffId: number, secret: string, now: string): Promise<boolean> {
  const result = await db
    .insertInto('staff_two_factor')
    .values({ staff_id: staffId, secret, enabled_at: null, last_used_step: null, created_at: now })
    .onConflict((oc) => oc.column('staff_id').doUpdateSet({ secret, created_at: now }).where('staff_two_factor.enabled_at', 'is', null))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Spends a step in one statement: of two requests racing with the same code, exactly one
 * moves `last_used_step` forward and gets true. `enable` also turns a pending enrolment on.
 */
export async function spendTotpStep(db: Db, staffId: number, step: number, options: { enableAt?: string } = {}): Promise<boolean> {
  let query = db
    .updateTable('staff_two_factor')
    .set(options.enableAt ? { last_used_step: step, enabled_at: options.enableAt } : { last_used_step: step })
    .where('staff_id', '=', staffId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]));
  query = options.enableAt ? query.where('enabled_at', 'is', null) : query.where('enabled_at', 'is not', null);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Turns two-factor off: the secret, every recovery code and every pending second step go. */
export async function deleteTwoFactor(db: Db, staffId: number): Promise<boolean> {
  const result = await db.deleteFrom('staff_two_factor').where('staff_id', '=', staffId).executeTakeFirst();
  await db.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute();
  await db.deleteFrom('two_factor_challenges').where('staff_id', '=', staffId).execute();
  return Number(result.numDeletedRows) > 0;
}

/** A fresh set of recovery codes replaces every earlier one, used or not. */
export async function replaceRecoveryCodes(db: Db, staffId: number, hashes: readonly string[], now: string): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute();
  await db
    .insertInto('staff_recovery_codes')
    .values(hashes.map((code_hash) => ({ staff_id: staffId, code_hash, created_at: now, used_at: null })))
    .execute();
}

/** Uses a recovery code up in one statement: a code works once, even for racing requests. */
export async function spendRecoveryCode(db: Db, staffId: number, hash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('staff_recovery_codes')
    .set({ used_at: now })
    .where('staff_id', '=', staffId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countUnusedRecoveryCodes(db: Db, staffId: number): Promise<number> {
  const row = await db
    .selectFrom('staff_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('staff_id', '=', staffId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertChallenge(
  db: Db,
  challenge: { idHash: string; staffId: number; now: string; expiresAt: string },
): Promise<void> {
  // One pending second step per person: signing in again replaces the older one.
  await db.deleteFrom('two_factor_challenges').where('staff_id', '=', challenge.staffId).execute();
  await db
    .insertInto('two_factor_challenges')
    .values({ id_hash: challenge.idHash, staff_id: challenge.staffId, created_at: challenge.now, expires_at: challenge.expiresAt })
    .execute();
}

/** The person a live second step belongs to (with what sign-in needs), or undefined. */
export async function findChallenge(db: Db, idHash: string, now: string) {
  return db
    .selectFrom('two_factor_challenges')
    .innerJoin('staff', 'staff.id', 'two_factor_challenges.staff_id')
    .select(['staff.id', 'staff.email', 'staff.name', 'staff.disabled_at'])
    .where('two_factor_challenges.id_hash', '=', idHash)
    .where('two_factor_challenges.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteChallenge(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('two_factor_challenges').where('id_hash', '=', idHash).execute();
}

export async function loadTwoFactorRequirement(db: Db): Promise<TwoFactorRequirement> {
  const row = await db.selectFrom('two_factor_policy').select('required').where('id', '=', 1).executeTakeFirst();
  return row?.required ?? 'none';
}

export async function saveTwoFactorRequirement(db: Db, requirement: TwoFactorRequirement): Promise<void> {
  await db
    .insertInto('two_factor_policy')
    .values({ id: 1, required: requirement })
    .onConflict((oc) => oc.column('id').doUpdateSet({ required: requirement }))
    .execute();
}

/** What the newsroom's gate reads on every request, in one query: the requirement and whether this person has it on. */
export async function loadTwoFactorGate(db: Db, staffId: number): Promise<{ requirement: TwoFactorRequirement; enabled: boolean }> {
  const row = await db
    .selectFrom('staff')
    .leftJoin('staff_two_factor', 'staff_two_factor.staff_id', 'staff.id')
    .leftJoin('two_factor_policy', (join) => join.on('two_factor_policy.id', '=', 1))
    .select(['two_factor_policy.required', 'staff_two_factor.enabled_at'])
    .where('staff.id', '=', staffId)
    .executeTakeFirst();
  return { requirement: row?.required ?? 'none', enabled: Boolean(row?.enabled_at) };
}

/** Every staff member's two-factor state, for the people who manage staff. */
export async function listStaffTwoFactor(db: Db) {
  const rows = await db
    .selectFrom('staff')
    .leftJoin('staff_two_factor', 'staff_two_factor.staff_id', 'staff.id')
    .select(['staff.id', 'staff.name', 'staff.email', 'staff.role', 'staff.disabled_at', 'staff_two_factor.enabled_at'])
    .orderBy('staff.name')
    .execute();
  return rows.map((row) => ({ ...row, enabled: Boolean(row.enabled_at) }));
}
