import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type FreshStore } from '../../../test/helpers/store-seed.js';
import { apiKeyName, insertAuditEntry, listAuditEntries, walkAuditEntries, type NewAuditEntry } from './audit-repository.js';

// The audit trail's table on each engine: rows go in and come back filtered and paged,
// and the engine's trigger refuses every change to a written row (append-only).

const entry = (over: Partial<NewAuditEntry>): NewAuditEntry => ({
  at: '2026-03-01T10:00:00.000Z',
  action: 'story.published',
  actor_kind: 'staff',
  actor_id: 1,
  actor_label: 'Ada Admin',
  door: 'newsroom',
  ip: '203.0.113.7',
  target_kind: 'story',
  target_id: 12,
  target_label: 'Harbour 100% rebuilt',
  detail: '{}',
  ...over,
});

describe.each(engines())('the audit log on %s', (engine) => {
  let fresh: FreshStore;
  const all = async () => fresh.db.selectFrom('audit_log').select(['id', 'action', 'actor_label', 'target_label']).orderBy('id').execute();

  beforeAll(async () => {
    fresh = await freshStore(engine);
    await insertAuditEntry(fresh.db, entry({}));
    await insertAuditEntry(
      fresh.db,
      entry({
        at: '2026-03-02T10:00:00.000Z',
        action: 'sign-in.failed',
        actor_kind: 'anonymous',
        actor_id: null,
        actor_label: 'anonymous',
        target_kind: 'staff',
        target_id: null,
        target_label: 'ada@example.org',
      }),
    );
    await insertAuditEntry(
      fresh.db,
      entry({
        at: '2026-03-03T10:00:00.000Z',
        action: 'story.deleted',
        actor_kind: 'api-key',
        actor_id: 3,
        actor_label: 'api key deploy bot',
        door: 'api',
        target_id: 13,
        target_label: 'Ferry timetable',
      }),
    );
    await insertAuditEntry(
      fresh.db,
      entry({
        at: '2026-03-04T10:00:00.000Z',
        action: 'webhook.created',
        actor_kind: 'cli',
        actor_id: null,
        actor_label: 'cli',
        door: 'cli',
        ip: null,
        target_kind: 'webhook',
        target_id: 1,
        target_label: 'https://hooks.example.org/x',
      }),
    );
  });
  afterAll(() => fresh?.drop());

  it('lists newest first and pages by keyset without counting', async () => {
    const first = await listAuditEntries(fresh.db, {}, { limit: 3 });
    expect(first.map((e) => e.action)).toEqual(['webhook.created', 'story.deleted', 'sign-in.failed']);
    const next = await listAuditEntries(fresh.db, {}, { before: first[2]!.id, limit: 3 });
    expect(next.map((e) => e.action)).toEqual(['story.published']);
  });

  it('filters by action, person, target kind, target id or label, and a time range', async () => {
    const actions = async (filter: Parameters<typeof listAuditEntries>[1]) =>
      (await listAuditEntries(fresh.db, filter, { limit: 10 })).map((e) => e.action);
    expect(await actions({ action: 'story.deleted' })).toEqual(['story.deleted']);
    expect(await actions({ person: 'DEPLOY' })).toEqual(['story.deleted']);
    expect(await actions({ person: 'ada' })).toEqual(['story.published']);
    expect(await actions({ targetKind: 'story' })).toEqual(['story.deleted', 'story.published']);
    expect(await actions({ target: '13' })).toEqual(['story.deleted']);
    expect(await actions({ target: 'ada@' })).toEqual(['sign-in.failed']);
    // LIKE's wildcards in the text are plain characters.
    expect(await actions({ target: '100%' })).toEqual(['story.published']);
    expect(await actions({ target: '%' })).toEqual(['story.published']);
    expect(await actions({ since: '2026-03-02T00:00:00.000Z', until: '2026-03-04T00:00:00.000Z' })).toEqual([
      'story.deleted',
      'sign-in.failed',
    ]);
    expect(await actions({ action: 'story.published', person: 'nobody' })).toEqual([]);
  });

  it('walks every matching entry oldest first, in batches', async () => {
    const walked = [];
    for await (const e of walkAuditEntries(fresh.db, {}, 2)) walked.push(e.action);
    expect(walked).toEqual(['story.published', 'sign-in.failed', 'story.deleted', 'webhook.created']);
    const since = [];
    for await (const e of walkAuditEntries(fresh.db, { since: '2026-03-03T00:00:00.000Z' }, 2)) since.push(e.action);
    expect(since).toEqual(['story.deleted', 'webhook.created']);
  });

  it('refuses to change or delete a written entry, and the entry stays as written', async () => {
    const before = await all();
    await expect(
      fresh.db.updateTable('audit_log').set({ actor_label: 'someone else' }).where('id', '=', before[0]!.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(fresh.db.deleteFrom('audit_log').where('id', '=', before[1]!.id).execute()).rejects.toThrow(/append-only/);
    await expect(fresh.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    expect(await all()).toEqual(before);
  });

  it('leaves no entry when the transaction that wrote it rolls back', async () => {
    const before = await all();
    await expect(
      fresh.db.transaction().execute(async (trx) => {
        await insertAuditEntry(trx, entry({ action: 'settings.changed' }));
        throw new Error('the act failed');
      }),
    ).rejects.toThrow('the act failed');
    expect(await all()).toEqual(before);
  });

  it("reads an API key's current name for a new entry", async () => {
    const { id } = await fresh.db
      .insertInto('api_keys')
      .values({
        name: 'deploy bot',
        scope: 'admin',
        key_hash: 'h',
        key_prefix: 'mh_admin_x',
        created_at: 'now',
        last_used_at: null,
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await apiKeyName(fresh.db, id)).toBe('deploy bot');
    expect(await apiKeyName(fresh.db, id + 100)).toBeNull();
  });
});
