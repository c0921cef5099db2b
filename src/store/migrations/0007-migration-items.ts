import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import { sqlIn } from './0001-content.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 10: what a migration from another platform wrote, keyed by the source's own ids,
// so a second run finds its records instead of matching titles, and a run stopped half
// way resumes after the last item it committed.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('migration_items')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sqlIn('kind', ['story', 'page', 'person', 'section', 'tag', 'media', 'subscriber'])),
    )
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('migration_items_pk', ['source', 'kind', 'source_id'])
    .execute();
  // The newsroom's "imported stories missing a credit" view reads by kind and target.
  await db.schema.createIndex('migration_items_target').on('migration_items').columns(['kind', 'target_id']).execute();
}
