import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import { sqlIn } from './0001-content.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 12: two-factor sign-in (docs/two-factor.md). A person's TOTP secret (encrypted
// with a key derived from SECRET_KEY), the last step a code was accepted for (so no code
// works twice), their single-use recovery codes (SHA-256), the pending second step between
// a correct password and a session, and the owner's requirement (its own one-row table).
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('staff_two_factor')
    .addColumn('staff_id', 'integer', (c) => c.primaryKey().references('staff.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    // Null while enrolment waits for the first valid code: until then it is not on.
    .addColumn('enabled_at', 'text')
    .addColumn('last_used_step', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_recovery_codes')
    .addColumn('id', dialect.idType, dialect.idColumn)
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('staff_recovery_codes_by_code')
    .on('staff_recovery_codes')
    .columns(['staff_id', 'code_hash'])
    .unique()
    .execute();

  await db.schema
    .createTable('two_factor_challenges')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('two_factor_challenges_by_staff').on('two_factor_challenges').column('staff_id').execute();

  // Its own one-row table, not a column of `publication`: that row exists only once the
  // site has settings, and a bundle (content) never carries a security policy.
  await db.schema
    .createTable('two_factor_policy')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('required', 'text', (c) => c.notNull().check(sqlIn('required', ['none', 'admins', 'staff'])))
    .execute();
}
