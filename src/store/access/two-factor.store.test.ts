import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type FreshStore } from '../../../test/helpers/store-seed.js';
import { insertStaffRow } from '../../../test/helpers/staff-rows.js';
import {
  loadTwoFactorGate,
  loadTwoFactorRequirement,
  replaceRecoveryCodes,
  saveTwoFactorRequirement,
  spendRecoveryCode,
  spendTotpStep,
  upsertPendingTwoFactor,
} from './two-factor-repository.js';

// Two-factor's one-time rules hold in the database, on each engine, also for requests
// that race: a 30-second step and a recovery code are each spent exactly once.

const NOW = '2026-03-01T00:00:00.000Z';

describe.each(engines())('two-factor rows on %s', (engine) => {
  let fresh: FreshStore;
  let staffId: number;

  beforeAll(async () => {
    fresh = await freshStore(engine);
    staffId = await insertStaffRow(fresh.db, { email: 'ed@example.org', name: 'Ed', role: 'editor', password: 'a long enough passphrase' });
  });
  afterAll(() => fresh?.drop());

  it('turns on once, then spends each step once even when requests race, and never an older one', async () => {
    expect(await upsertPendingTwoFactor(fresh.db, staffId, 'sealed-1', NOW)).toBe(true);
    // While pending, a sign-in spend is refused; the enrolment spend turns it on.
    expect(await spendTotpStep(fresh.db, staffId, 100)).toBe(false);
    expect(await spendTotpStep(fresh.db, staffId, 100, { enableAt: NOW })).toBe(true);
    expect(await spendTotpStep(fresh.db, staffId, 101, { enableAt: NOW })).toBe(false);
    // An enrolment that is on is never replaced by a new pending secret.
    expect(await upsertPendingTwoFactor(fresh.db, staffId, 'sealed-2', NOW)).toBe(false);

    const racing = await Promise.all(Array.from({ length: 8 }, () => spendTotpStep(fresh.db, staffId, 101)));
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await spendTotpStep(fresh.db, staffId, 100)).toBe(false);
    expect(await spendTotpStep(fresh.db, staffId, 101)).toBe(false);
    expect(await spendTotpStep(fresh.db, staffId, 102)).toBe(true);
    expect(await loadTwoFactorGate(fresh.db, staffId)).toEqual({ requirement: 'none', enabled: true });
  });

  it('uses a recovery code up once, even when requests race', async () => {
    await replaceRecoveryCodes(fresh.db, staffId, ['a'.repeat(64), 'b'.repeat(64)], NOW);
    const racing = await Promise.all(Array.from({ length: 8 }, () => spendRecoveryCode(fresh.db, staffId, 'a'.repeat(64), NOW)));
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await spendRecoveryCode(fresh.db, staffId, 'a'.repeat(64), NOW)).toBe(false);
    expect(await spendRecoveryCode(fresh.db, staffId, 'c'.repeat(64), NOW)).toBe(false);
    expect(await spendRecoveryCode(fresh.db, staffId, 'b'.repeat(64), NOW)).toBe(true);
  });

  it("keeps the owner's requirement in one row, and refuses a value outside the list", async () => {
    expect(await loadTwoFactorRequirement(fresh.db)).toBe('none');
    await saveTwoFactorRequirement(fresh.db, 'admins');
    await saveTwoFactorRequirement(fresh.db, 'staff');
    expect(await loadTwoFactorRequirement(fresh.db)).toBe('staff');
    expect(await fresh.db.selectFrom('two_factor_policy').selectAll().execute()).toEqual([{ id: 1, required: 'staff' }]);
    await expect(saveTwoFactorRequirement(fresh.db, 'everyone' as never)).rejects.toThrow();
    expect(await loadTwoFactorRequirement(fresh.db)).toBe('staff');
  });
});
