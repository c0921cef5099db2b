import type { Transaction } from 'kysely';
import type { Tables } from './schema.js';
import type { Db } from './store.js';

// Writes whose slug must be free (sections, tags, authors, lists). The look inside the
// transaction answers the common case; when two saves race past it, the unique index
// refuses the second, and that refusal becomes the same 'slug-taken' answer on either
// engine, never an error the caller has to know the driver of.

export type SlugTable = 'sections' | 'tags' | 'authors' | 'newsletters';
export const SLUG_TAKEN = 'slug-taken' as const;
export type SlugTaken = typeof SLUG_TAKEN;

/** A unique-constraint violation: SQLite `SQLITE_CONSTRAINT_UNIQUE`, PostgreSQL SQLSTATE `23505`. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

export async function slugInUse(db: Db | Transaction<Tables>, table: SlugTable, slug: string, exceptId: number | null): Promise<boolean> {
  let query = db.selectFrom(table).select('id').where('slug', '=', slug);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return !!(await query.executeTakeFirst());
}

/**
 * Runs `write` in one transaction once `slug` is known to be free in `table` (apart from
 * the row `exceptId`); 'slug-taken' when it is not, or when a racing save took it first.
 * A null slug means the write does not change it, so nothing is checked.
 */
export async function writeWithFreeSlug<T>(
  db: Db,
  target: { table: SlugTable; slug: string | null; exceptId: number | null },
  write: (trx: Transaction<Tables>) => Promise<T>,
): Promise<T | SlugTaken> {
  const { table, slug, exceptId } = target;
  try {
    return await db.transaction().execute(async (trx) => {
      if (slug !== null && (await slugInUse(trx, table, slug, exceptId))) return SLUG_TAKEN;
      return write(trx);
    });
  } catch (error) {
    if (slug !== null && isUniqueViolation(error)) return SLUG_TAKEN;
    throw error;
  }
}
