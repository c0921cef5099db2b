import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layer lines of docs/architecture.md, held by a test instead of a promise:
// content/ and render/ do no I/O, only store/ talks to the database, only
// store/dialects/ knows an engine, and only src/client ships to browsers.

const SRC = path.dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

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

const IO_MODULES = /^(node:)?(fs|fs\/promises|net|http|https|child_process|cluster|worker_threads)$|^(better-sqlite3|pg|kysely|sharp|fastify|@fastify\/)/;

describe('architecture', () => {
  it.each(['content', 'render'])('%s/ imports no I/O module and nothing from store/, site/ or http/', (folder) => {
    const offending = under(folder).flatMap((f) => f.imports
      .filter((s) => IO_MODULES.test(s) || ['store', 'site', 'http', 'cli'].some((layer) => resolvesInto(f.rel, s, layer)))
      .map((s) => `${f.rel} → ${s}`));
    expect(offending).toEqual([]);
  });

  it('keeps the database drivers inside store/dialects/', () => {
    const offending = files
      .filter((f) => !f.rel.startsWith('store/dialects/'))
      .flatMap((f) => f.imports.filter((s) => /^(better-sqlite3|pg)$/.test(s)).map((s) => `${f.rel} → ${s}`));
    expect(offending).toEqual([]);
  });

  it('lets the transport layers reach the database only through store/ repositories', () => {
    const offending = [...under('site'), ...under('http')]
      .flatMap((f) => f.imports.filter((s) => s === 'kysely' || resolvesInto(f.rel, s, 'store/dialects')).map((s) => `${f.rel} → ${s}`));
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

  it('bumps the content version in one place, store/content-version.ts', () => {
    const offending = sourceFiles(SRC).map((file) => path.relative(SRC, file))
      .filter((rel) => rel !== 'store/content-version.ts' && !rel.startsWith('store/migrations/') && /content_version\s*\+\s*1/.test(readFileSync(path.join(SRC, rel), 'utf8')));
    expect(offending).toEqual([]);
  });

  // Sections, tags, authors and media have one writer each (src/taxonomy/, src/media/), so
  // the newsroom, the API and the CLI cannot drift apart by writing rows themselves.
  it('keeps the doors away from the row writes of sections, tags and authors', () => {
    const writes = ['store/taxonomy-writes.ts', 'store/unique-slug.ts', 'store/content-version.ts'];
    const resolved = (from: string, s: string) => path.relative(SRC, path.resolve(SRC, path.dirname(from), s)).replace(/\.js$/, '.ts');
    const offending = [...under('newsroom'), ...under('api'), ...under('cli'), ...under('site')]
      .flatMap((f) => f.imports.filter((s) => s.startsWith('.') && writes.includes(resolved(f.rel, s))).map((s) => `${f.rel} → ${s}`));
    expect(offending).toEqual([]);
  });

  it('has no index.ts and no grab-bag folders', () => {
    expect(files.filter((f) => /(^|\/)index\.tsx?$/.test(f.rel)).map((f) => f.rel)).toEqual([]);
    expect(files.filter((f) => /(^|\/)(utils|lib|helpers)\//.test(f.rel)).map((f) => f.rel)).toEqual([]);
  });
});
