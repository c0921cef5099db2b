import type { Db } from '../../src/store/store.js';
import type { Tables } from '../../src/store/schema.js';

/** How many rows a table holds: the "changes nothing" half of a refusal test. */
export async function countRows(db: Db, table: keyof Tables): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
