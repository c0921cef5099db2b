import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../config/config.js';
import { openStore, type Store } from './store.js';
import { isUniqueViolation, SLUG_TAKEN, writeWithFreeSlug } from './unique-slug.js';

// The one place a slug clash becomes an answer instead of an error. The race itself (two
// transactions past the look, the unique index refusing the second) is exercised on both
// engines by test/http/one-writer.test.ts; here the two ways in, on SQLite.

describe('writeWithFreeSlug', () => {
  let dir: string;
  let store: Store;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-unique-slug-'));
    store = await openStore(parseDatabaseUrl(`file:${path.join(dir, 'db.sqlite')}`));
    await store.migrate();
    await store.db.insertInto('tags').values({ slug: 'paris', name: 'Paris', kind: 'place' }).execute();
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const tagCount = async () =>
    Number(
      (
        await store.db
          .selectFrom('tags')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers slug-taken without writing when the look inside the transaction finds the slug used', async () => {
    let wrote = false;
    const result = await writeWithFreeSlug(store.db, { table: 'tags', slug: 'paris', exceptId: null }, async () => {
      wrote = true;
    });
    expect(result).toBe(SLUG_TAKEN);
    expect(wrote).toBe(false);
  });

  it('turns a unique-index refusal into the same answer and rolls the whole write back', async () => {
    const before = await tagCount();
    // The look sees "lyon" free; the write then collides, as a racing save would.
    const result = await writeWithFreeSlug(store.db, { table: 'tags', slug: 'lyon', exceptId: null }, async (trx) => {
      await trx.insertInto('tags').values({ slug: 'lyon', name: 'Lyon', kind: 'place' }).execute();
      await trx.insertInto('tags').values({ slug: 'paris', name: 'Paris again', kind: 'place' }).execute();
    });
    expect(result).toBe(SLUG_TAKEN);
    expect(await tagCount()).toBe(before);
  });

  it('lets the row being saved keep its own slug, and rethrows what is not a clash', async () => {
    const paris = (await store.db.selectFrom('tags').select('id').where('slug', '=', 'paris').executeTakeFirstOrThrow()).id;
    expect(await writeWithFreeSlug(store.db, { table: 'tags', slug: 'paris', exceptId: paris }, async () => paris)).toBe(paris);
    await expect(
      writeWithFreeSlug(store.db, { table: 'tags', slug: 'nice', exceptId: null }, async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
  });

  it('knows a unique violation from either engine', () => {
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBe(true);
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
