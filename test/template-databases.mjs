// The reference publication imported once per run and per engine, so a test that needs it
// copies a file (SQLite) or clones a database (PostgreSQL `CREATE DATABASE … TEMPLATE`)
// in a fraction of a second instead of running the import again. The import is the real
// one (`masthead import`, image variants included); test/helpers/server.ts falls back to
// it when no template was made (a single file run straight through vitest).

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

function runImport({ repo, cwd, databaseUrl, mediaDir, bundle }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, 'dist', 'cli', 'masthead.js'), 'import', bundle], {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl, MEDIA_DIR: mediaDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`template import exited ${code}:\n${output.slice(-4000)}`))));
  });
}

/**
 * Builds the templates under `dir` and returns where they are; the manifest is what the
 * test helpers read (through MASTHEAD_TEST_TEMPLATES).
 */
export async function buildTemplates({ repo, dir, pgUrl }) {
  const bundle = path.join(repo, 'test', 'fixtures', 'reference', 'bundle.json');
  const manifest = { bundle, sqlite: null, postgres: null };
  const work = [];

  const sqliteDir = path.join(dir, 'sqlite');
  mkdirSync(sqliteDir, { recursive: true });
  const sqliteFile = path.join(sqliteDir, 'masthead.db');
  work.push(runImport({ repo, cwd: sqliteDir, databaseUrl: `file:${sqliteFile}`, mediaDir: path.join(sqliteDir, 'media'), bundle })
    .then(() => { manifest.sqlite = { file: sqliteFile, media: path.join(sqliteDir, 'media') }; }));

  if (pgUrl) {
    const name = 'masthead_reference_template';
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
    const pgDir = path.join(dir, 'postgres');
    mkdirSync(pgDir, { recursive: true });
    work.push(runImport({ repo, cwd: pgDir, databaseUrl: url.toString(), mediaDir: path.join(pgDir, 'media'), bundle })
      .then(() => { manifest.postgres = { database: name, media: path.join(pgDir, 'media') }; }));
  }

  await Promise.all(work);
  const file = path.join(dir, 'manifest.json');
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  return file;
}
