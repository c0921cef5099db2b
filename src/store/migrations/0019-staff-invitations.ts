import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 13: a staff account made by invitation has a password nobody knows until the
// person follows their set-up link; the staff list shows them as "Invited" until then.
// `password_set_at` is when the person last chose their own password. Accounts made
// before this migration cannot be told apart, so they count as set up.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('staff').addColumn('password_set_at', 'text').execute();
  await sql`UPDATE staff SET password_set_at = created_at`.execute(db);
}
