import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layer lines of docs/architecture.md, held by a test instead of a promise:
// content/ and render/ do no I/O, only store/ talks to the database, only store/
// knows which engine it runs on (the dialect seam), and only src/client ships to browsers.

const SRC = path.dirname(fileURLToPath(import.meta.url));

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? typeScriptFiles(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}
const sourceFiles = (dir: string) => typeScriptFiles(dir).filter((file) => !/\.test\.tsx?$/.test(file));

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? '')
    .filter(Boolean);
}

const files = sourceFiles(SRC).map((file) => ({ rel: path.relative(SRC, file), imports: importsOf(file) }));
const under = (folder: string) => files.filter((f) => f.rel.startsWith(`${folder}/`));

function resolvesInto(from: string, specifier: string, folder: string): boolean {
  if (!specifier.startsWith('.')) return false;
  return path.relative(SRC, path.resolve(SRC, path.dirname(from), specifier)).startsWith(`${folder}/`);
}

/** The code of a file without its comments, which may name engines freely. */
function codeOf(file: string): string {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .map((line) => line.replace(/\s\/\/\s.*$/, ''))
    .join('\n');
}

// An engine's name as code would use it: a quoted literal, or a read of `.engine`.
const ENGINE_NAME = /(['"`])(sqlite|postgres|postgresql)\1|\.engine\b/gi;
// Besides store/dialects/, only the wiring names engines: the config parser reads them
// from DATABASE_URL and store.ts opens that engine's dialect. Shipped migrations are
// frozen, and 0003 creates a different index table on each engine.
const mayNameEngines = (rel: string) =>
  ['config/config.ts', 'store/store.ts', 'architecture.test.ts'].includes(rel) || /^store\/(dialects|migrations)\//.test(rel);

const IO_MODULES =
  /^(node:)?(fs|fs\/promises|net|http|https|child_process|cluster|worker_threads)$|^(better-sqlite3|pg|kysely|sharp|fastify|@fastify\/)/;

describe('architecture', () => {
  it.each(['content', 'render'])('%s/ imports no I/O module and nothing from store/, site/ or http/', (folder) => {
    const offending = under(folder).flatMap((f) =>
      f.imports
        .filter((s) => IO_MODULES.test(s) || ['store', 'site', 'http', 'cli'].some((layer) => resolvesInto(f.rel, s, layer)))
        .map((s) => `${f.rel} → ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps the database drivers inside store/dialects/', () => {
    const offending = files
      .filter((f) => !f.rel.startsWith('store/dialects/'))
      .flatMap((f) => f.imports.filter((s) => /^(better-sqlite3|pg)$/.test(s)).map((s) => `${f.rel} → ${s}`));
    expect(offending).toEqual([]);
  });

  // Code holds the dialect's operations (search, job claims), never the engine's name, so
  // it cannot grow an `engine === 'postgres'` branch: a difference between engines is a
  // Dialect method or capability flag. Tests included.
  it('names no database engine outside the dialect seam and its wiring', () => {
    const offending = typeScriptFiles(SRC)
      .map((file) => path.relative(SRC, file))
      .filter((rel) => !mayNameEngines(rel))
      .flatMap((rel) => [...codeOf(path.join(SRC, rel)).matchAll(ENGINE_NAME)].map((m) => `${rel}: ${m[0]}`));
    expect(offending).toEqual([]);
  });

  it('keeps store/dialects/ inside store/, and its engines behind store/store.ts', () => {
    const outside = files
      .filter((f) => !f.rel.startsWith('store/'))
      .flatMap((f) => f.imports.filter((s) => resolvesInto(f.rel, s, 'store/dialects')).map((s) => `${f.rel} → ${s}`));
    // Only store.ts picks an engine (and loads only that one's driver).
    const engines = files
      .filter((f) => f.rel.startsWith('store/') && !f.rel.startsWith('store/dialects/') && f.rel !== 'store/store.ts')
      .flatMap((f) =>
        f.imports
          .filter((s) => resolvesInto(f.rel, s, 'store/dialects/sqlite') || resolvesInto(f.rel, s, 'store/dialects/postgres'))
          .map((s) => `${f.rel} → ${s}`),
      );
    expect([...outside, ...engines]).toEqual([]);
  });

  it('lets the transport layers reach the database only through store/ repositories', () => {
    const offending = [...under('site'), ...under('http')].flatMap((f) =>
      f.imports.filter((s) => s === 'kysely' || resolvesInto(f.rel, s, 'store/dialects')).map((s) => `${f.rel} → ${s}`),
    );
    expect(offending).toEqual([]);
  });

  // editorial/ owns each write's transaction but not its SQL: queries live in store/, where
  // the store tests run them on both engines. The same holds for the API and the site.
  it('writes no query in editorial/, api/ or site/', () => {
    const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)\(/g;
    const offending = [...under('editorial'), ...under('api'), ...under('site')].flatMap((f) =>
      [...codeOf(path.join(SRC, f.rel)).matchAll(QUERY)].map((m) => `${f.rel}: ${m[0]}`),
    );
    expect(offending).toEqual([]);
  });

  // The reader script imports nothing at all. The newsroom editor bundles TipTap and the
  // pure document rules it shares with the server (content/ and render/blocks/, which the
  // first test keeps free of I/O), so the client refuses exactly what the server refuses.
  it('ships nothing to browsers but src/client, which imports nothing from the server', () => {
    const allowed = (f: { rel: string }, s: string): boolean =>
      f.rel.startsWith('client/newsroom/') &&
      (s.startsWith('./') || /^@tiptap\//.test(s) || resolvesInto(f.rel, s, 'content') || resolvesInto(f.rel, s, 'render/blocks'));
    const offending = under('client').flatMap((f) => f.imports.filter((s) => !allowed(f, s)).map((s) => `${f.rel} → ${s}`));
    expect(offending).toEqual([]);
  });

  // The doors (site, newsroom, api) sit on the domain, and build-app.ts above all three:
  // nothing below a door reaches up into one, so the newsletter and the jobs never depend
  // on how the site happens to draw a page.
  it.each(['newsletter', 'editorial', 'jobs', 'media', 'mail', 'importers', 'auth'])(
    '%s/ imports nothing from site/, newsroom/ or api/',
    (folder) => {
      const offending = under(folder).flatMap((f) =>
        f.imports.filter((s) => ['site', 'newsroom', 'api'].some((door) => resolvesInto(f.rel, s, door))).map((s) => `${f.rel} → ${s}`),
      );
      expect(offending).toEqual([]);
    },
  );

  it('keeps build-app.ts above the doors: no door imports it', () => {
    const offending = [...under('site'), ...under('newsroom'), ...under('api'), ...under('http')].flatMap((f) =>
      f.imports
        .filter((s) => s.startsWith('.') && path.resolve(SRC, path.dirname(f.rel), s) === path.join(SRC, 'build-app.js'))
        .map((s) => `${f.rel} → ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('bumps the content version in one place, store/publication/content-version.ts', () => {
    const offending = sourceFiles(SRC)
      .map((file) => path.relative(SRC, file))
      .filter(
        (rel) =>
          rel !== 'store/publication/content-version.ts' &&
          !rel.startsWith('store/migrations/') &&
          /content_version\s*\+\s*1/.test(readFileSync(path.join(SRC, rel), 'utf8')),
      );
    expect(offending).toEqual([]);
  });

  // Sections, tags, authors and media have one writer each (src/taxonomy/, src/media/), so
  // the newsroom, the API and the CLI cannot drift apart by writing rows themselves.
  it('keeps the doors away from the row writes of sections, tags and authors', () => {
    const writes = ['store/taxonomy/taxonomy-writes.ts', 'store/unique-slug.ts', 'store/publication/content-version.ts'];
    const resolved = (from: string, s: string) => path.relative(SRC, path.resolve(SRC, path.dirname(from), s)).replace(/\.js$/, '.ts');
    const offending = [...under('newsroom'), ...under('api'), ...under('cli'), ...under('site')].flatMap((f) =>
      f.imports.filter((s) => s.startsWith('.') && writes.includes(resolved(f.rel, s))).map((s) => `${f.rel} → ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('has no index.ts and no grab-bag folders', () => {
    expect(files.filter((f) => /(^|\/)index\.tsx?$/.test(f.rel)).map((f) => f.rel)).toEqual([]);
    expect(files.filter((f) => /(^|\/)(utils|lib|helpers)\//.test(f.rel)).map((f) => f.rel)).toEqual([]);
  });

  // The suite runs with isolate: false (vitest.config.ts): a worker's files share its
  // module cache, so a module mock or a faked clock in one file would leak into the next.
  it('mocks no module, global or clock in any test', () => {
    const tests = [...typeScriptFiles(SRC), ...typeScriptFiles(path.join(SRC, '..', 'test'))].filter((file) => /\.test\.tsx?$/.test(file));
    const offending = tests
      .filter((file) => /\bvi\.(mock|doMock|stubGlobal|stubEnv|useFakeTimers)\(/.test(codeOf(file)))
      .map((file) => path.relative(path.join(SRC, '..'), file));
    expect(tests.length).toBeGreaterThan(50);
    expect(offending).toEqual([]);
  });
});
