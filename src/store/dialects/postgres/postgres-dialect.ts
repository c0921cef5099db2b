import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Tables } from '../../schema.js';
import type { Dialect } from '../dialect.js';
import { postgresClaimDueJobs } from './postgres-job-claim.js';
import { postgresSearch } from './postgres-search.js';

// COUNT(*) and BIGINT arrive as strings by default; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export function postgresDialect(url: string): Dialect {
  return {
    engine: 'postgres',
    idType: 'serial',
    idColumn: (c) => c.primaryKey(),
    analyze: async (db) => {
      await sql`ANALYZE`.execute(db);
    },
    search: postgresSearch,
    claimDueJobs: postgresClaimDueJobs,
    connect() {
      const pool = new pg.Pool({ connectionString: url, max: 10 });
      return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    },
  };
}
