import { sql, type RawBuilder } from 'kysely';

// LIKE on both engines: the user's text, lower-cased, with `\`, `%` and `_` escaped, as a
// substring pattern. `lower(column) LIKE pattern ESCAPE '\'` then means "contains" on
// SQLite and PostgreSQL alike (SQLite's LIKE ignores ASCII case, PostgreSQL's does not,
// hence lower() on both sides).

export function escapeLike(text: string): string {
  return `%${escapedLower(text)}%`;
}

const escapedLower = (text: string) => text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

/** `lower(column) LIKE '%text%' ESCAPE '\'` */
export function lowerContains(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${escapeLike(text)} escape '\\'`;
}

/** `lower(column) LIKE 'text%' ESCAPE '\'`: starts with the text. */
export function lowerStartsWith(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${`${escapedLower(text)}%`} escape '\\'`;
}
