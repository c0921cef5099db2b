import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

// Kysely's SQLite driver prepares every query afresh; better-sqlite3's prepare (parse,
// plan) was about 7 % of an uncached article page's CPU. The reader pages send the same
// few dozen query texts over and over, so each text's statement is kept and re-run.
// Bounded (least recently used out first): `in (?, ?, …)` lists make a text per length.

const KEPT = 500;

export function withStatementCache(database: Database.Database, kept = KEPT): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const found = statements.get(sql);
      // A statement still being iterated (a streamed query) cannot run again until it ends.
      if (found && !found.busy) {
        statements.delete(sql);
        statements.set(sql, found);
        return found;
      }
      const statement = database.prepare(sql);
      if (!found) {
        if (statements.size >= kept) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
