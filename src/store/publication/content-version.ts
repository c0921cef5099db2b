import { sql, type Transaction } from 'kysely';
import type { Tables } from '../schema.js';
import type { Db } from '../store.js';

// The content version is the page caches' key (docs/architecture.md, "Writes"): every
// write that changes what readers see calls this inside its own transaction, so every
// process drops its rendered pages at once. This is the only place that bumps it.

export async function bumpContentVersion(trx: Transaction<Tables> | Db): Promise<void> {
  await trx
    .updateTable('publication')
    .set({ content_version: sql`content_version + 1` })
    .where('id', '=', 1)
    .execute();
}
