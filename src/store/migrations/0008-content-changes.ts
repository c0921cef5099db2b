import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 11: the log of what each content write changed, by dependency key (story:12,
// list:section:world…). Every process follows it to drop only the cached pages that show
// what changed, instead of all of them, and the CDN purge is sent from it. `version` is
// the publication's content version the write bumped to, so the log is in commit order.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('content_changes')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  if (dialect.engine !== 'postgres') return;
  // Committed changes are pushed to every listening process (store/dialects/postgres/
  // change-watch.ts); NOTIFY is delivered at commit, never for a rolled-back write.
  await sql`
    CREATE FUNCTION masthead_notify_content_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('masthead_content', NEW.version::text);
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER content_changes_notify AFTER INSERT ON content_changes
    FOR EACH ROW EXECUTE FUNCTION masthead_notify_content_change()`.execute(db);
}
