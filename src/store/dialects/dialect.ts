import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Tables } from '../schema.js';

// The one seam where SQLite and PostgreSQL differ. Everything else in store/ is
// written once against Kysely and runs on both.
export interface Dialect {
  readonly engine: 'sqlite' | 'postgres';
  /** Opens the connection (pool) with the engine's durability settings. */
  connect(): Kysely<Tables>;
  /** Column type and modifiers of an auto-increment integer primary key. */
  readonly idType: 'integer' | 'serial';
  idColumn(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Refreshes the planner's statistics after a bulk write, so joins use the indexes. */
  analyze(db: Kysely<Tables>): Promise<void>;
}
