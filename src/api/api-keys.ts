import { recordAudit } from '../audit/record-audit.js';
import { hashToken, newToken, safeEqual } from '../auth/tokens.js';
import { findApiKeyByHash, insertApiKey, touchApiKey, type ApiKeyScope } from '../store/access/api-key-repository.js';
import type { Db } from '../store/store.js';

// Making and checking API keys. A key reads `mh_<scope>_<43 characters>` (256 random
// bits, base64url); the scope in the text only helps people, the stored row decides.

const KEY_PATTERN = /^mh_(content|admin)_[A-Za-z0-9_-]{43}$/;
/** Shown in lists: enough to tell keys apart, far too little to guess the rest. */
const PREFIX_LENGTH = 16;
const TOUCH_EVERY_MS = 60_000;

export interface NewApiKey {
  id: number;
  key: string;
  prefix: string;
}

export async function createApiKey(db: Db, name: string, scope: ApiKeyScope, at: Date): Promise<NewApiKey> {
  const key = `mh_${scope}_${newToken()}`;
  const prefix = key.slice(0, PREFIX_LENGTH);
  const id = await insertApiKey(db, { name, scope, hash: hashToken(key), prefix, now: at.toISOString() });
  await recordAudit(db, { action: 'api-key.created', target: { kind: 'api-key', id, label: name }, detail: { scope, prefix } });
  return { id, key, prefix };
}

export type KeyCheck = { ok: true; id: number; scope: ApiKeyScope } | { ok: false };

/**
 * The key's row, if the key is well-formed, known and not revoked. The lookup is by the
 * key's hash (the unique index); the stored hash is compared again in constant time so
 * no code path compares secrets with a short-circuiting `===`.
 */
export async function checkApiKey(db: Db, presented: string, at: Date): Promise<KeyCheck> {
  if (!KEY_PATTERN.test(presented)) return { ok: false };
  const hash = hashToken(presented);
  const row = await findApiKeyByHash(db, hash);
  if (!row || !safeEqual(row.key_hash, hash) || row.revoked_at) return { ok: false };
  const now = at.getTime();
  if (!row.last_used_at || Date.parse(row.last_used_at) + TOUCH_EVERY_MS <= now) {
    await touchApiKey(db, row.id, at.toISOString(), new Date(now - TOUCH_EVERY_MS).toISOString());
  }
  return { ok: true, id: row.id, scope: row.scope };
}
