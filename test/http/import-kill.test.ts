import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/config.js';
import type { Variant } from '../../src/media/image-variants.js';
import { imageFiles } from '../../src/media/image-variants.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createPgDatabase, engines, mastheadCli, runCli } from '../helpers/server.js';
import { countRows } from '../helpers/rows.js';
import { fileNamesUnder } from '../helpers/files.js';

// `masthead import` SIGKILLed part way: no story, no image row and no file in the media
// library may be left from the killed run, and running the same command again imports
// everything. The bundle is generated here, big enough (images to encode, hundreds of
// stories) that the kill lands while the import is writing.

const STORIES = 150;
const IMAGES = 8;

/** Files in the media folder, skipping the import's own scratch folders (dot-named). */
async function libraryFiles(mediaDir: string): Promise<string[]> {
  try {
    const entries = await readdir(mediaDir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(mediaDir, path.join(e.parentPath, e.name)))
      .filter((rel) => !rel.split(path.sep).some((part) => part.startsWith('.')))
      .sort();
  } catch {
    return [];
  }
}

async function writeBundle(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'images'), { recursive: true });
  const media = [];
  for (let i = 0; i < IMAGES; i += 1) {
    // Distinct bytes per image (a different colour); small, so encoding stays cheap.
    const bytes = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: i * 13, g: 90, b: 200 - i * 7 } } })
      .jpeg()
      .toBuffer();
    await writeFile(path.join(dir, 'images', `photo-${i}.jpg`), bytes);
    media.push({ id: `photo-${i}`, file: `images/photo-${i}.jpg`, alt: `Photo ${i}`, caption: '', credit: 'Staff' });
  }
  const articles = Array.from({ length: STORIES }, (_, i) => ({
    slug: `story-${i}`,
    title: `Story number ${i}`,
    dek: '',
    sections: ['news'],
    tags: [],
    authors: ['ada-quill'],
    ...(i < IMAGES && { image: `photo-${i}` }),
    body: { format: 'markdown', source: `Paragraph one of story ${i}.\n\nParagraph two, with **bold** words.` },
    status: 'published',
    published_at: '2025-01-02T09:00:00Z',
  }));
  const bundle = {
    publication: { name: 'The Kill Test', tagline: '', social: [] },
    sections: [{ slug: 'news', name: 'News', description: '', layout: 'standard' }],
    tags: [],
    authors: [{ slug: 'ada-quill', name: 'Ada Quill', bio: '' }],
    media,
    articles,
  };
  const file = path.join(dir, 'bundle.json');
  await writeFile(file, JSON.stringify(bundle));
  return file;
}

describe.each(engines())('an import SIGKILLed part way on %s', (engine) => {
  let dir: string;
  let bundle: string;
  let env: Record<string, string>;
  let store: Store;
  let drop = async () => {};

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), `masthead-import-kill-${engine}-`));
    bundle = await writeBundle(path.join(dir, 'bundle'));
    let url = `file:${path.join(dir, 'masthead.db')}`;
    if (engine === 'postgres') ({ url, drop } = await createPgDatabase());
    env = { DATABASE_URL: url, MEDIA_DIR: path.join(dir, 'media'), DATA_DIR: dir, SECRET_KEY: 's'.repeat(40), LOG_LEVEL: 'warn' };
    store = await openStore(parseDatabaseUrl(url));
    await store.migrate();
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await drop();
    await rm(dir, { recursive: true, force: true });
  });

  const count = (table: 'articles' | 'media') => countRows(store.db, table);

  /** Every file the media rows name, relative to the media folder. */
  const namedFiles = async () =>
    (await store.db.selectFrom('media').select(['file_stem', 'original_ext', 'variants']).execute())
      .flatMap((r) => imageFiles({ stem: r.file_stem, ext: r.original_ext, variants: JSON.parse(r.variants) as Variant[] }))
      .sort();

  it('leaves nothing half-written, and the same command run again imports everything', async () => {
    const child = spawn(process.execPath, [mastheadCli, 'import', bundle], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));

    // Kill once the import has written a few image files: it is mid-way, with work on disk.
    let gone: string | null = null;
    void exited.then((how) => (gone = how));
    while (!gone && (await fileNamesUnder(env.MEDIA_DIR!)).length < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(gone, `the import ended before it could be killed:\n${output}`).toBeNull();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(await count('articles')).toBe(0);
    expect(await count('media')).toBe(0);
    expect(await libraryFiles(env.MEDIA_DIR!), 'image files in the library that no image row names').toEqual([]);

    const rerun = await runCli(['import', bundle], { cwd: dir, env, timeoutMs: 120_000 });
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    // publication + 5 default formats + section + author + images + stories
    expect(rerun.stdout).toContain(`Imported: ${1 + 5 + 1 + 1 + IMAGES + STORIES} created, 0 updated, 0 unchanged.`);
    expect(await count('articles')).toBe(STORIES);
    expect(await count('media')).toBe(IMAGES);
    // The killed run's files are gone too: the library holds exactly what the rows name.
    expect(await fileNamesUnder(env.MEDIA_DIR!)).toHaveLength((await namedFiles()).length);
    expect(await libraryFiles(env.MEDIA_DIR!)).toEqual(await namedFiles());
  }, 150_000);

  // The narrow window of the same kill: after the files moved into the library, before
  // the transaction committed (or after it committed, before the scratch folder went).
  it('removes, on the next import, the moved files of a killed run whose rows never committed, and keeps committed ones', async () => {
    const named = await namedFiles();
    expect(named.length, 'the first test imported the bundle').toBeGreaterThan(0);
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) => dead.once('exit', () => resolve(dead.pid!)));
    const scratch = path.join(env.MEDIA_DIR!, `.import-${deadPid}-0badc0de`);
    const orphans = ['ab/ab0123456789abcdef012345.orig.jpg', 'ab/ab0123456789abcdef012345-480.webp'];
    await mkdir(path.join(env.MEDIA_DIR!, 'ab'), { recursive: true });
    for (const file of orphans) await writeFile(path.join(env.MEDIA_DIR!, file), 'never committed');
    await mkdir(scratch, { recursive: true });
    await writeFile(path.join(scratch, 'moving.json'), JSON.stringify([...orphans, named[0]]));

    const again = await runCli(['import', bundle], { cwd: dir, env, timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Imported: 0 created, 0 updated');
    expect(await fileNamesUnder(env.MEDIA_DIR!)).toHaveLength(named.length);
    expect(await libraryFiles(env.MEDIA_DIR!)).toEqual(named);
  }, 150_000);
});
