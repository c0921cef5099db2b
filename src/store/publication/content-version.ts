import { sql, type Transaction } from 'kysely';
import { SITE_KEY } from '../../content/cache-keys.js';
import type { Tables } from '../schema.js';
import type { Db } from '../store.js';
import { CHANGE_LOG_LENGTH, notifyLocalContentWrite } from './content-changes.js';

// The content version and its change log (docs/architecture.md, "Writes"): every write
// that changes what readers see calls recordContentChange inside its own transaction with
// the dependency keys it touched (content/cache-keys.ts). The version orders the log: the
// row lock on the publication row makes versions commit in order on both engines. Every
// process follows the log (content-changes.ts, site/content-follower.ts) and drops only the cached pages that
// share a key with a change. This is the only place that bumps the version.

type Writer = Transaction<Tables> | Db;

/** Records a content write touching these keys; no keys (a draft's edit) records nothing. */
export async function recordContentChange(trx: Writer, keys: readonly string[]): Promise<void> {
  if (!keys.length) return;
  const row = await trx
    .updateTable('publication')
    .set({ content_version: sql`content_version + 1` })
    .where('id', '=', 1)
    .returning('content_version')
    .executeTakeFirst();
  if (!row) return;
  const version = row.content_version;
  await trx
    .insertInto('content_changes')
    .values({ version, keys: [...new Set(keys)].join(' '), changed_at: new Date().toISOString() })
    .execute();
  if (version % 100 === 0)
    await trx
      .deleteFrom('content_changes')
      .where('version', '<=', version - CHANGE_LOG_LENGTH)
      .execute();
  notifyLocalContentWrite(version);
}

/** A write that may change anything readers see: settings, names, images, bulk imports. */
export function recordSiteChange(trx: Writer): Promise<void> {
  return recordContentChange(trx, [SITE_KEY]);
}
