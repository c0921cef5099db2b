// Compiles the server (src/ without tests and without src/client) to dist/, one file per
// module, with esbuild: a transpile of a second or two. Type-checking is tsc's job
// (`npm run typecheck`, run by `npm run check` and `npm test`), once for src, test and
// bench together, so the build does not do it a second time. Safe because the code is
// written for isolated transpiling: `verbatimModuleSyntax` keeps every type-only import
// marked, and there are no enums or namespaces.
import { readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
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

const entryPoints = await serverSources(src);
// Written over the old files in place, never through an empty dist/, so a server or test
// started during a rebuild still finds its modules; what a moved or deleted module left
// behind is removed afterwards (dist/assets/ is build-assets.mjs's).
/** What both builds below share: ESM for Node 20, source maps, Preact's JSX, dist/ mirroring src/. */
const common = {
  metafile: true,
  outdir: outDir,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'warning',
};
const result = await build({ ...common, entryPoints });
const written = new Set(Object.keys(result.metafile.outputs).map((file) => join(root, file)));
async function removeLeftovers(dir) {
  if (!existsSync(dir)) return;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== join(outDir, 'assets')) await removeLeftovers(full);
    } else if (!written.has(full)) await rm(full, { force: true });
  }
}
console.log(`server: ${entryPoints.length} modules compiled to dist/`);

// Then the two programs that start a server, dist/main.js and dist/cli/masthead.js, are
// replaced by bundles of themselves and their packages. Node spends most of a cold start
// resolving and loading hundreds of small files (fastify, kysely, zod, pg and ours): one
// file per program halves the CPU of loading the app. Code splitting keeps every dynamic
// import() a chunk of its own (dist/chunks/), loaded on first use: the CLI's other
// commands, the importer, and what the server loads lazily. The other dist/ modules stay
// one per file for tests and tools that import them.
const entries = ['main.ts', 'cli/masthead.ts'].map((file) => join(src, file));
const bundled = await build({
  ...common,
  entryPoints: entries,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Native addons (and pg's optional native driver) load their binaries beside themselves.
  external: ['better-sqlite3', 'sharp', 'pg-native'],
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: { js: "import { createRequire as __mastheadRequire } from 'node:module'; const require = __mastheadRequire(import.meta.url);" },
  plugins: [moduleUrlAsCompiled()],
});
for (const file of Object.keys(bundled.metafile.outputs)) written.add(join(root, file));
// Only now, so the chunks a running bundle may still import are never missing in between.
await removeLeftovers(outDir);
console.log(`server: dist/main.js and dist/cli/masthead.js bundled (chunks in dist/chunks/)`);

/**
 * Our modules that find files beside themselves (`new URL('../assets/', import.meta.url)`)
 * keep the URL they have in the one-file-per-module layout, wherever the bundler puts
 * their code: dist/ is found from the chunk's own URL, and the module's path added to it.
 */
function moduleUrlAsCompiled() {
  return {
    name: 'module-url-as-compiled',
    setup(builder) {
      builder.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const compiled = relative(src, args.path)
          .split('\\')
          .join('/')
          .replace(/\.tsx?$/, '.js');
        const url = `new URL(${JSON.stringify(compiled)}, import.meta.url.slice(0, import.meta.url.lastIndexOf('/dist/') + 6)).href`;
        return { contents: source.replaceAll('import.meta.url', `(${url})`), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
      });
    },
  };
}
