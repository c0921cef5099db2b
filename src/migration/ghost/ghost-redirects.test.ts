import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationFile, migrationFilesDir } from '../../../test/helpers/migration-files.js';
import { SourceFormatError } from '../source-model.js';
import { readGhostRedirects } from './ghost-redirects.js';

async function tempFile(name: string, content: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'ghost-redirects-')), name);
  await writeFile(file, content);
  return file;
}

describe('readGhostRedirects', () => {
  it.skipIf(!migrationFilesDir)('reads the YAML file: two 301 rules, one a regex with a capture group, and a 302', async () => {
    const rules = await readGhostRedirects(migrationFile('ghost/northfield-dispatch.redirects.yaml'));
    expect(rules).toEqual([
      { from: '/2019/05/old-ferry-story/', to: '/night-ferry-trial-approved/', status: 301, match: 'exact' },
      { from: '^/category/(.*)/$', to: '/tag/$1/', status: 301, match: 'regex' },
      { from: '/live', to: '/weekly-round-up-week-45/', status: 302, match: 'exact' },
    ]);
    const regex = rules[1]!;
    expect('/CATEGORY/ferries/'.replace(new RegExp(regex.from, 'i'), regex.to)).toBe('/tag/ferries/');
  });

  it("reads Ghost's JSON form, where permanent means 301", async () => {
    const file = await tempFile(
      'redirects.json',
      JSON.stringify([
        { from: '/old.html', to: '/new/', permanent: true },
        { from: '/^\\/Blog\\/(.*)$/', to: '/$1' },
      ]),
    );
    expect(await readGhostRedirects(file)).toEqual([
      { from: '/old.html', to: '/new/', status: 301, match: 'exact' },
      { from: '/^\\/Blog\\/(.*)$/', to: '/$1', status: 302, match: 'regex' },
    ]);
  });

  it('refuses a broken file, naming it and the line', async () => {
    const error = await readGhostRedirects(await tempFile('redirects.yaml', '301:\n  /a: /b\n  /c: [\n')).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SourceFormatError);
    expect((error as Error).message).toContain('redirects.yaml is not a readable redirects file');
    expect((error as SourceFormatError).line).not.toBeNull();
    await expect(readGhostRedirects(await tempFile('r.yaml', '307:\n  /a: /b\n'))).rejects.toThrow('r.yaml: unknown redirect status "307"');
    await expect(readGhostRedirects(await tempFile('r.json', '[{"from":"^/(a","to":"/b"}]'))).rejects.toThrow(
      /r\.json: "\^\/\(a" is not a valid regular expression/,
    );
  });
});
