import { randomBytes, scryptSync } from 'node:crypto';
import type { StaffRole } from '../../src/content/roles.js';
import { insertStaff } from '../../src/store/access/staff-repository.js';
import type { Db } from '../../src/store/store.js';

// Staff accounts for tests, written as rows. The password is hashed in the stored format
// ("scrypt$N$r$p$salt$hash") at a low cost (N = 2^10): the hash names its cost, so the
// server verifies it exactly as it verifies any other, without the ~128 MiB and the
// hundreds of milliseconds a full-strength hash takes on every sign-in. New hashes made by
// the server keep the full cost (src/auth/passwords.test.ts holds that), and unknown
// addresses are still checked against a full-strength decoy.

const TEST_COST = { N: 2 ** 10, r: 8, p: 1 };

export function lowCostHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 32, TEST_COST);
  return ['scrypt', TEST_COST.N, TEST_COST.r, TEST_COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export function insertStaffRow(db: Db, staff: { email: string; name: string; role: StaffRole; password: string }): Promise<number> {
  return insertStaff(db, {
    email: staff.email,
    name: staff.name,
    role: staff.role,
    passwordHash: lowCostHash(staff.password),
    now: new Date().toISOString(),
  });
}
