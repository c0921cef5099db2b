#!/usr/bin/env node
// Rewrites test/file-seconds.json from the durations vitest recorded in its cache
// (node_modules/.vite/vitest/*/results.json) during the last full run on this machine:
// `npm test && node test/refresh-file-seconds.mjs`. test/long-files-first.ts orders files
// by these numbers, so a fresh clone (CI) starts the long files first without a cache.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = path.join(repo, 'node_modules', '.vite', 'vitest');
const seconds = {};
for (const dir of readdirSync(cacheRoot)) {
  const { results } = JSON.parse(readFileSync(path.join(cacheRoot, dir, 'results.json'), 'utf8'));
  for (const [key, { duration }] of results) {
    const file = key.slice(key.indexOf(':') + 1);
    if (!existsSync(path.join(repo, file))) continue; // deleted or renamed since
    seconds[file] = Math.max(seconds[file] ?? 0, Math.round(duration / 100) / 10);
  }
}
const sorted = Object.fromEntries(Object.entries(seconds).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(path.join(repo, 'test', 'file-seconds.json'), `${JSON.stringify(sorted, null, 2)}\n`);
console.log(`${Object.keys(sorted).length} files written to test/file-seconds.json`);
