// The bundles the suite starts from (the reference publication, the demo magazine),
// imported once per run and per engine, so a test that needs one copies a file (SQLite)
// or clones a database (PostgreSQL `CREATE DATABASE … TEMPLATE`) in a fraction of a
// second instead of running the import again. The import is the real one (`masthead
// import`, image variants included); test/helpers/server.ts falls back to it when no
// template was made (a single file run straight through vitest).
//
// The demo magazine is imported with a 16-pixel stand-in for each of its 45 images: its
// one user reads text (test/http/search.test.ts), and encoding the real images into
// every variant cost a minute of CPU per run, on both engines, beside the running tests.

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';

function runImport({ repo, cwd, databaseUrl, mediaDir, bundle }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, 'dist', 'cli', 'masthead.js'), 'import', bundle], {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl, MEDIA_DIR: mediaDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`template import exited ${code}:\n${output.slice(-4000)}`))));
  });
}

/**
 * A copy of the bundle at `source` in `dir` whose every media file is one small grey JPEG:
 * the same stories, people, sections and captions, images that encode in milliseconds.
 */
async function withStandInImages(source, dir) {
  const bundle = JSON.parse(readFileSync(source, 'utf8'));
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  const standIn = await sharp({ create: { width: 16, height: 12, channels: 3, background: '#8a8a8a' } })
    .jpeg()
    .toBuffer();
  writeFileSync(path.join(dir, 'images', 'stand-in.jpg'), standIn);
  for (const media of bundle.media ?? []) media.file = 'images/stand-in.jpg';
  const file = path.join(dir, 'bundle.json');
  writeFileSync(file, JSON.stringify(bundle));
  return file;
}

/**
 * One template per bundle and engine: the reference publication as it is, and the demo
 * magazine with stand-in images. `bundle` is the path the tests name; `imported` makes
 * the file actually imported.
 */
const BUNDLES = [
  { key: 'reference', file: ['test', 'fixtures', 'reference', 'bundle.json'], imported: (bundle) => bundle },
  { key: 'demo', file: ['demo', 'bundle.json'], imported: (bundle, dir) => withStandInImages(bundle, path.join(dir, 'demo-stand-in')) },
];

async function createPgDatabase(pgUrl, name) {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function buildTemplate({ repo, dir, pgUrl, key, bundle }) {
  const entry = { bundle, sqlite: null, postgres: null };
  const sqliteDir = path.join(dir, key, 'sqlite');
  mkdirSync(sqliteDir, { recursive: true });
  const file = path.join(sqliteDir, 'masthead.db');
  const work = [
    runImport({ repo, cwd: sqliteDir, databaseUrl: `file:${file}`, mediaDir: path.join(sqliteDir, 'media'), bundle }).then(() => {
      entry.sqlite = { file, media: path.join(sqliteDir, 'media') };
    }),
  ];
  if (pgUrl) {
    const database = `masthead_template_${key}`;
    const pgDir = path.join(dir, key, 'postgres');
    mkdirSync(pgDir, { recursive: true });
    const databaseUrl = await createPgDatabase(pgUrl, database);
    work.push(
      runImport({ repo, cwd: pgDir, databaseUrl, mediaDir: path.join(pgDir, 'media'), bundle }).then(() => {
        entry.postgres = { database, media: path.join(pgDir, 'media') };
      }),
    );
  }
  await Promise.all(work);
  return entry;
}

/**
 * Builds the templates under `dir`. The manifest (MASTHEAD_TEST_TEMPLATES: a list of
 * { bundle, state, sqlite, postgres }) lists every bundle at once as `pending` and is
 * rewritten as each one is `ready` (or `failed`, and the helpers import it themselves).
 * Returns at once, with the manifest written: the tests start while the bundles import
 * (a file that needs a pending one waits for it). `first` settles when the reference
 * publication is ready, `rest` when the others are.
 */
export async function buildTemplates({ repo, dir, pgUrl }) {
  const file = path.join(dir, 'manifest.json');
  const manifest = BUNDLES.map(({ file: parts }) => ({
    bundle: path.join(repo, ...parts),
    state: 'pending',
    sqlite: null,
    postgres: null,
  }));
  // Written aside and renamed, so a reader never sees half a file.
  const write = () => {
    writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 2));
    renameSync(`${file}.tmp`, file);
  };
  write();
  const build = async (index) => {
    try {
      const { key, imported } = BUNDLES[index];
      const bundle = await imported(manifest[index].bundle, dir);
      Object.assign(manifest[index], await buildTemplate({ repo, dir, pgUrl, key, bundle }), {
        bundle: manifest[index].bundle,
        state: 'ready',
      });
    } catch (error) {
      manifest[index].state = 'failed';
      process.stderr.write(`[templates] ${BUNDLES[index].key}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    write();
  };
  const first = build(0);
  const rest = first.then(async () => {
    for (let index = 1; index < BUNDLES.length; index += 1) await build(index);
  });
  return { file, first, rest };
}
