import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { openStore } from '../../src/store/store.js';
import { prepareMasthead, type MastheadData } from '../helpers/server.js';

// `masthead import` refuses a bundle over IMPORT_MAX_MB (or --max-size) from its size
// alone, naming both, and imports nothing (issue 12, item 11: a 600 MB bundle took the
// CLI to 756 MB). The built CLI on a SQLite file: the limit is the CLI's, not the engine's.

describe('the bundle import size cap', () => {
  let site: MastheadData;
  let folder: string;
  let padded: string;

  beforeAll(async () => {
    site = await prepareMasthead({ engine: 'sqlite', env: { IMPORT_MAX_MB: '2' } });
    // A one-tag bundle padded with whitespace to 3 MB: still valid JSON.
    folder = await mkdtemp(path.join(tmpdir(), 'masthead-import-cap-'));
    padded = path.join(folder, 'padded.json');
    const json = JSON.stringify({ tags: [{ slug: 'size-cap', name: 'Size cap' }] });
    await writeFile(padded, json + ' '.repeat(3 * 1024 * 1024 - json.length));
  });
  afterAll(async () => {
    await site?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const tags = async () => {
    const store = await openStore(parseDatabaseUrl(site.env.DATABASE_URL!));
    try {
      await store.migrate();
      return (await store.db.selectFrom('tags').select('slug').execute()).map((row) => row.slug);
    } finally {
      await store.close();
    }
  };

  it('refuses a bundle over IMPORT_MAX_MB or --max-size unread, naming its size and the limit, and imports it once allowed', async () => {
    const byDefault = await site.cli(['import', padded]);
    expect(byDefault.code).toBe(1);
    expect(byDefault.stderr).toContain('padded.json is 3 MB; the import limit is 2 MB. Nothing was imported.');
    const byFlag = await site.cli(['import', padded, '--max-size', '1.5']);
    expect(byFlag.code).toBe(1);
    expect(byFlag.stderr).toContain('the import limit is 1.5 MB');
    expect(await tags()).toEqual([]);

    const allowed = await site.cli(['import', padded, '--max-size', '4']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(await tags()).toEqual(['size-cap']);
    expect((await site.cli(['import', padded, '--max-size', 'lots'])).code).toBe(2);
  });
});
