// Formatting, lint and types at once: Prettier and ESLint side by side, one core each.
// ESLint's type-aware run also reports TypeScript's own errors
// (scripts/eslint-typescript-errors.js), so the program is built and checked once, not
// again by a separate tsc. Prints each tool's output after it ends and exits non-zero if
// either failed.
//
// Prettier keeps what it learnt in node_modules/.cache (a fresh clone, as in CI, starts
// without it) and skips files whose content and options are unchanged. ESLint gets no
// cache: its type-aware rules read other files' types, and its cache only notices a
// change to the file itself, so it could pass a file an import broke.
import { spawn } from 'node:child_process';

const CACHE = 'node_modules/.cache/masthead-checks';

const CHECKS = [
  {
    name: 'prettier',
    args: [
      'prettier',
      '--check',
      '--log-level',
      'warn',
      '--cache',
      '--cache-strategy',
      'content',
      '--cache-location',
      `${CACHE}/prettier`,
      '.',
    ],
  },
  // TSESTREE_SINGLE_RUN: build one program for the run instead of an editor's watch
  // program (typescript-eslint guesses this only under CI=true or from the eslint bin).
  { name: 'eslint', args: ['eslint', '--max-warnings', '0', '.'], env: { TSESTREE_SINGLE_RUN: 'true' } },
];

function run({ name, args, env = {} }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`[${name}] ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds} s\n${code === 0 ? '' : output}`);
      resolve(code === 0);
    });
  });
}

const results = await Promise.all(CHECKS.map(run));
process.exit(results.every(Boolean) ? 0 : 1);
