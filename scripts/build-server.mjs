// Compiles the server (src/ without tests and without src/client) to dist/, one file per
// module, with esbuild: a transpile of a second or two. Type-checking is tsc's job
// (`npm run typecheck`, run by `npm run check` and `npm test`), once for src, test and
// bench together, so the build does not do it a second time. Safe because the code is
// written for isolated transpiling: `verbatimModuleSyntax` keeps every type-only import
// marked, and there are no enums or namespaces.
import { readdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const outDir = join(root, 'dist');

async function serverSources(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return relative(src, full) === 'client' ? [] : serverSources(full);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
    }),
  );
  return files.flat();
}

// A fresh dist/ (assets are rebuilt after this), so a moved or deleted module leaves nothing behind.
await rm(outDir, { recursive: true, force: true });
const entryPoints = await serverSources(src);
await build({
  entryPoints,
  outdir: outDir,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'warning',
});
console.log(`server: ${entryPoints.length} modules compiled to dist/`);
