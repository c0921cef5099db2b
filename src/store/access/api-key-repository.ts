import type { Db } from '../store.js';

// API keys (SECURITY.md, "API keys"): only the SHA-256 of a key is stored, with a short
// prefix so a person can tell keys apart in a list. The hash is the lookup index: a
// unique column, so finding a key never compares secrets byte by byte in SQL.

export type ApiKeyScope = 'content' | 'admin';

export async function insertApiKey(
  db: Db,
  key: { name: string; scope: ApiKeyScope; hash: string; prefix: string; now: string },
): Promise<number> {
  const row = await db
    .insertInto('api_keys')
    .values({
      name: key.name,
      scope: key.scope,
      key_hash: key.hash,
      key_prefix: key.prefix,
      created_at: key.now,
      last_used_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findApiKeyByHash(db: Db, hash: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'scope', 'key_hash', 'revoked_at', 'last_used_at'])
    .where('key_hash', '=', hash)
    .executeTakeFirst();
}

/** Records use at most once a minute, so reading the API is not a write per request. */
export async function touchApiKey(db: Db, id: number, now: string, notBefore: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', notBefore)]))
    .execute();
}

export async function listApiKeys(db: Db) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'scope', 'key_prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('id')
    .execute();
}

/** Returns false when there is no such key or it was already revoked. */
export async function revokeApiKey(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
