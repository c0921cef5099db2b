import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DatabaseBackup } from '../../backup/database-backup.js';
import type { Tables } from '../../schema.js';

// PostgreSQL: pg_dump of the site's database as plain SQL, taken inside a REPEATABLE READ
// transaction of ours whose snapshot it shares (`--snapshot`), so the manifest's counts
// and media list describe exactly the rows dumped. A restore runs, in one psql
// transaction, a prelude that drops every object of the schema and then the dump: on any
// error PostgreSQL rolls all of it back. The client tools must match the server's major
// version (Debian installs each under /usr/lib/postgresql/N/bin).

interface Tools {
  pgDump: string;
  psql: string;
}

/** pg_dump and psql of the server's major version: MASTHEAD_PG_BIN, Debian's folder, then PATH. */
async function clientTools(db: Kysely<Tables>): Promise<Tools> {
  const { rows } = await sql<{ version: number }>`SELECT current_setting('server_version_num')::int AS version`.execute(db);
  const major = Math.floor(rows[0]!.version / 10000);
  const folders = [process.env.MASTHEAD_PG_BIN, `/usr/lib/postgresql/${major}/bin`].filter((f): f is string => !!f);
  for (const folder of folders) {
    const tools = { pgDump: path.join(folder, 'pg_dump'), psql: path.join(folder, 'psql') };
    if (existsSync(tools.pgDump) && existsSync(tools.psql)) return tools;
  }
  const onPath = await run('pg_dump', ['--version']).catch(() => '');
  if (new RegExp(`\\(PostgreSQL\\) ${major}\\b`).test(onPath)) return { pgDump: 'pg_dump', psql: 'psql' };
  throw new Error(
    `pg_dump and psql for PostgreSQL ${major} were not found: install postgresql-client-${major} or set MASTHEAD_PG_BIN to their folder.`,
  );
}

/** The URL without its password, which goes in PGPASSWORD: a command line is visible to every local user. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password && { PGPASSWORD: password }) } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${path.basename(command)} failed (exit ${code}): ${stderr.trim().slice(-2000)}`)),
    );
  });
}

/** Drops every table, view, sequence and function of the current schema (not an extension's). */
const DROP_EVERYTHING = `
SET client_min_messages = warning;
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
           WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format(CASE r.relkind WHEN 'v' THEN 'DROP VIEW IF EXISTS %s CASCADE' WHEN 'm' THEN 'DROP MATERIALIZED VIEW IF EXISTS %s CASCADE'
                   ELSE 'DROP TABLE IF EXISTS %s CASCADE' END, r.name);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
           WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'S'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %s CASCADE', r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
           WHERE p.pronamespace = current_schema()::regnamespace
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.name);
  END LOOP;
END $$;
`;

export function postgresBackup(directUrl: string): DatabaseBackup {
  return {
    kind: 'postgresql-sql',
    fileName: 'masthead.sql',
    async snapshot(db, file, read) {
      const tools = await clientTools(db);
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute(async (trx) => {
          const { rows } = await sql<{ snapshot: string }>`SELECT pg_export_snapshot() AS snapshot`.execute(trx);
          const { snapshot } = rows[0]!;
          const target = connection(directUrl);
          // The exported snapshot lives as long as this transaction: pg_dump runs inside it.
          const dump = run(
            tools.pgDump,
            ['--snapshot', snapshot, '--no-owner', '--no-privileges', '--format=plain', '--file', file, '--dbname', target.dbname],
            target.env,
          );
          const [facts] = await Promise.all([read(trx), dump]);
          return facts;
        });
    },
    async restore(db, file) {
      const tools = await clientTools(db);
      const prelude = `${file}.prelude.sql`;
      await writeFile(prelude, DROP_EVERYTHING, { mode: 0o600 });
      const target = connection(directUrl);
      await run(
        tools.psql,
        ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', prelude, '-f', file, '--dbname', target.dbname],
        target.env,
      );
    },
  };
}
