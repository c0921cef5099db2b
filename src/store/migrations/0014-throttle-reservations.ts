import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 12: a sign-in or API-key attempt is reserved in its throttle row before the
// password is hashed or the key looked up, so a burst cannot slip past the limit
// (store/access/throttle-repository.ts). `in_flight` counts the attempts being checked
// now; `reserved_at` is the latest reservation, so a count left behind by a process
// that died mid-check goes stale instead of blocking the key for ever.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('throttles')
    .addColumn('in_flight', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('throttles').addColumn('reserved_at', 'text').execute();
}
