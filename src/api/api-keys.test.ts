import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/tokens.js';
import { parseDatabaseUrl } from '../config/config.js';
import { listApiKeys, revokeApiKey } from '../store/access/api-key-repository.js';
import { openStore, type Store } from '../store/store.js';
import { checkApiKey, createApiKey } from './api-keys.js';

// API keys are stored only as a hash with a display prefix, refused once revoked, and
// their last use is written at most once a minute.

describe('API keys', () => {
  let dir: string;
  let store: Store;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-keys-'));
    store = await openStore(parseDatabaseUrl(`file:${path.join(dir, 'db.sqlite')}`));
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the hash and a short prefix, never the key', async () => {
    const made = await createApiKey(store.db, 'site app', 'content', new Date('2026-01-01T00:00:00Z'));
    expect(made.key).toMatch(/^mh_content_[A-Za-z0-9_-]{43}$/);
    const row = await store.db.selectFrom('api_keys').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(hashToken(made.key));
    expect(made.key.startsWith(row.key_prefix)).toBe(true);
    expect(row.key_prefix.length).toBeLessThan(20);
    expect(JSON.stringify(await listApiKeys(store.db))).not.toContain(made.key.slice(20));
  });

  it('writes last use at most once a minute', async () => {
    const made = await createApiKey(store.db, 'reader', 'content', new Date('2026-01-01T00:00:00Z'));
    const lastUsed = async () =>
      (await store.db.selectFrom('api_keys').select('last_used_at').where('id', '=', made.id).executeTakeFirstOrThrow()).last_used_at;
    expect(await checkApiKey(store.db, made.key, new Date('2026-01-01T10:00:00Z'))).toEqual({ ok: true, id: made.id, scope: 'content' });
    expect(await lastUsed()).toBe('2026-01-01T10:00:00.000Z');
    await checkApiKey(store.db, made.key, new Date('2026-01-01T10:00:59Z'));
    expect(await lastUsed()).toBe('2026-01-01T10:00:00.000Z');
    await checkApiKey(store.db, made.key, new Date('2026-01-01T10:01:00Z'));
    expect(await lastUsed()).toBe('2026-01-01T10:01:00.000Z');
  });

  it('refuses revoked, unknown and malformed keys', async () => {
    const made = await createApiKey(store.db, 'old', 'admin', new Date());
    expect((await checkApiKey(store.db, made.key, new Date())).ok).toBe(true);
    expect(await revokeApiKey(store.db, made.id, new Date().toISOString())).toBe(true);
    expect(await checkApiKey(store.db, made.key, new Date())).toEqual({ ok: false });
    expect(await revokeApiKey(store.db, made.id, new Date().toISOString())).toBe(false);
    const flipped = made.key.slice(0, -1) + (made.key.endsWith('A') ? 'B' : 'A');
    for (const key of [flipped, '', 'mh_admin_short', `${made.key} `, made.key.replace('mh_admin_', 'mh_root_')]) {
      expect(await checkApiKey(store.db, key, new Date())).toEqual({ ok: false });
    }
  });
});
