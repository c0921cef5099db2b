import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 12: the audit trail (docs/audit.md). One row per security-relevant or editorial
// act: who (copied as text, so renaming or removing a person or a key never rewrites
// history), what, when, from where, and on what. Append-only: no code path updates or
// deletes a row, and a trigger on each engine refuses UPDATE and DELETE (and TRUNCATE on
// PostgreSQL), so neither a bug nor an injected statement through the app can edit it.
// No foreign keys on purpose: deleting a story or a staff account must neither cascade
// into the log nor be blocked by it.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', dialect.idType, dialect.idColumn)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('door', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('target_kind', 'text')
    .addColumn('target_id', 'integer')
    .addColumn('target_label', 'text', (c) => c.notNull().defaultTo(''))
    /** JSON object: what else the act carries (a role's from/to, an import's counts, an attempted address). */
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  // The screen lists newest first by id; filters narrow by action, person or target first.
  await db.schema.createIndex('audit_log_by_action').on('audit_log').columns(['action', 'id']).execute();
  await db.schema.createIndex('audit_log_by_actor').on('audit_log').columns(['actor_kind', 'actor_id', 'id']).execute();
  await db.schema.createIndex('audit_log_by_target').on('audit_log').columns(['target_kind', 'target_id', 'id']).execute();
  await db.schema.createIndex('audit_log_by_at').on('audit_log').columns(['at']).execute();

  if (dialect.engine === 'postgres') {
    await sql`
      CREATE FUNCTION masthead_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`.execute(db);
    await sql`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION masthead_audit_log_append_only()`.execute(db);
    await sql`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION masthead_audit_log_append_only()`.execute(db);
    return;
  }
  await sql`
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END`.execute(db);
}
