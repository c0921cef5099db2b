import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 12: account and staff mail that could not be sent (a reset link, a sign-up
// confirmation, a newsletter test), so the owner sees it in the newsroom and not only in
// the log. The recipient is stored masked; the list is kept short (store/mail/).
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('mail_failures')
    .addColumn('id', dialect.idType, dialect.idColumn)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    // Set when the owner marks the list as read: the newsroom's notice counts the rest.
    .addColumn('seen_at', 'text')
    .execute();
  await db.schema.createIndex('mail_failures_by_at').on('mail_failures').column('at').execute();
}
