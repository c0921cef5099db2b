import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { DatabaseBackup } from '../../backup/database-backup.js';
import type { Tables } from '../../schema.js';

// SQLite: `VACUUM INTO` copies the database as one read transaction sees it (WAL lets
// the server keep writing meanwhile), into a compact file that needs no -wal beside it.
// A restore copies that file into the live one with SQLite's online backup API, which
// takes the write lock and swaps every page in one step, so a reader never sees half.

export function sqliteBackup(siteFile: string): DatabaseBackup {
  return {
    kind: 'sqlite-database',
    fileName: 'masthead.sqlite',
    async snapshot(db, file, read) {
      await sql`VACUUM INTO ${file}`.execute(db);
      const copy = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(file, { readonly: true }) }) });
      try {
        return await read(copy);
      } finally {
        await copy.destroy();
      }
    },
    async restore(_db, file) {
      const source = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const check = source.pragma('integrity_check', { simple: true });
        if (check !== 'ok') throw new Error(`the backup's database fails SQLite's integrity check: ${String(check)}`);
        await source.backup(siteFile);
      } finally {
        source.close();
      }
    },
  };
}
