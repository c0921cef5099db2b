// Builds the browser assets into dist/assets/ with content-hashed names
// (so they can be cached forever) and writes dist/assets/manifest.json, the AssetsView
// the server hands to every page. Run after the server build by `npm run build`.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import zlib, { brotliCompressSync, gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'assets');
const publicPath = '/assets';
// The reader-page budget (SPEC: "a few KB of progressive enhancement"); CI fails above it.
const scriptBudget = 2048;
// The newsroom editor (TipTap and ProseMirror) never loads on reader pages; its budget
// keeps it from growing unnoticed on an editor's slow laptop (TipTap with StarterKit is
// about 390 KB of the 405 KB; brotli sends about 110 KB).
const newsroomEditorBudget = 448 * 1024;
const fontDir = join(root, 'node_modules', '@fontsource', 'source-serif-4', 'files');
const fonts = ['source-serif-4-latin-400-normal.woff2', 'source-serif-4-latin-700-normal.woff2'];

const hash = (content) => createHash('sha256').update(content).digest('hex').slice(0, 8);

function hashedName(name, content) {
  const dot = name.indexOf('.');
  return `${name.slice(0, dot)}.${hash(content)}${name.slice(dot)}`;
}

// Text assets also get .br and .gz siblings, which @fastify/static serves by
// Accept-Encoding (preCompressed), so they go over the wire compressed at no runtime cost.
const compressible = /\.(css|js|svg)$/;

async function emit(name, content) {
  const file = hashedName(name, content);
  await writeFile(join(outDir, file), content);
  if (compressible.test(file)) {
    await writeFile(join(outDir, `${file}.br`), brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
    await writeFile(join(outDir, `${file}.gz`), gzipSync(content, { level: 9 }));
  }
  return `${publicPath}/${file}`;
}

async function buildScript() {
  const result = await build({
    entryPoints: [join(root, 'src', 'client', 'keep-reading.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2019',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  if (code.byteLength > scriptBudget) {
    throw new Error(`keep-reading.js is ${code.byteLength} bytes minified; the budget is ${scriptBudget}`);
  }
  return { url: await emit('keep-reading.js', code), bytes: code.byteLength };
}

// Live coverage's "N new updates" (src/client/live-updates.ts): only on live stories' pages,
// held to the same reader-page budget as keep-reading.
const liveUpdatesBudget = 2048;

async function buildLiveUpdates() {
  const result = await build({
    entryPoints: [join(root, 'src', 'client', 'live-updates.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2019',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  if (code.byteLength > liveUpdatesBudget) {
    throw new Error(`live-updates.js is ${code.byteLength} bytes minified; the budget is ${liveUpdatesBudget}`);
  }
  return { url: await emit('live-updates.js', code), bytes: code.byteLength };
}

async function buildNewsroomEditor() {
  const result = await build({
    entryPoints: [join(root, 'src', 'client', 'newsroom', 'editor.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const code = result.outputFiles[0].contents;
  if (code.byteLength > newsroomEditorBudget) {
    throw new Error(`newsroom-editor.js is ${code.byteLength} bytes minified; the budget is ${newsroomEditorBudget}`);
  }
  return { url: await emit('newsroom-editor.js', code), bytes: code.byteLength };
}

async function buildNewsroomAutosave() {
  const result = await build({
    entryPoints: [join(root, 'src', 'client', 'newsroom', 'autosave.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { url: await emit('newsroom-autosave.js', code), bytes: code.byteLength };
}

// newsroom.css first, then each screen's own sheet in src/client/newsroom/styles/ by name:
// one stylesheet for the browser, one file per screen for whoever works on it.
// The writing canvas sets the publication's own serif, so the sheets may name its fonts too.
async function buildNewsroomStylesheet(fontUrls) {
  const dir = join(root, 'src', 'client', 'newsroom');
  const screens = (await readdir(join(dir, 'styles')).catch(() => [])).filter((f) => f.endsWith('.css')).sort();
  const parts = [join(dir, 'newsroom.css'), ...screens.map((f) => join(dir, 'styles', f))];
  let css = (await Promise.all(parts.map((file) => readFile(file, 'utf8')))).join('\n');
  for (const [name, url] of fontUrls) css = css.replaceAll(`url(${name})`, `url(${url})`);
  const { code } = await transform(css, { loader: 'css', minify: true, logLevel: 'silent' });
  return { url: await emit('newsroom.css', code), bytes: Buffer.byteLength(code) };
}

async function buildStylesheet(fontUrls) {
  let css = await readFile(join(root, 'src', 'client', 'site.css'), 'utf8');
  for (const [name, url] of fontUrls) {
    const reference = `url(${name})`;
    if (!css.includes(reference)) throw new Error(`site.css does not reference ${reference}`);
    css = css.replaceAll(reference, `url(${url})`);
  }
  const { code } = await transform(css, { loader: 'css', minify: true, logLevel: 'silent' });
  return { url: await emit('site.css', code), bytes: Buffer.byteLength(code) };
}

async function main() {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const script = await buildScript();
  const liveUpdates = await buildLiveUpdates();
  const fontUrls = new Map();
  for (const font of fonts) fontUrls.set(font, await emit(font, await readFile(join(fontDir, font))));
  const stylesheet = await buildStylesheet(fontUrls);
  const icon = await emit('favicon.svg', await readFile(join(root, 'src', 'client', 'favicon.svg')));
  const newsroomEditor = await buildNewsroomEditor();
  const newsroomStylesheet = await buildNewsroomStylesheet(fontUrls);
  const newsroomAutosave = await buildNewsroomAutosave();
  const manifest = {
    stylesheet: stylesheet.url,
    script: script.url,
    liveUpdates: liveUpdates.url,
    fonts: [...fontUrls.values()],
    icon,
    newsroomEditor: newsroomEditor.url,
    newsroomStylesheet: newsroomStylesheet.url,
    newsroomAutosave: newsroomAutosave.url,
  };
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `assets: ${stylesheet.url} (${stylesheet.bytes} B), ${script.url} (${script.bytes} B), ${fonts.length} fonts; ` +
      `newsroom: ${newsroomEditor.url} (${newsroomEditor.bytes} B), ${newsroomStylesheet.url} (${newsroomStylesheet.bytes} B)`,
  );
}

main().catch((error) => {
  console.error(`build-assets failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
