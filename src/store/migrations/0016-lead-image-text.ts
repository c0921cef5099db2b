import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Issue 13: a story's own caption, credit and alt text for its lead image, as body images
// already carry in their attrs. Null keeps the library's text (the default), so fixing
// the library still reaches every story that did not write its own, and a photo reused
// by another story no longer carries the first story's caption.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  for (const column of ['image_caption', 'image_credit', 'image_alt']) {
    await db.schema.alterTable('articles').addColumn(column, 'text').execute();
  }
}
