// Formatting, lint and types at once: Prettier, ESLint (type-aware) and tsc each take one
// core, so on a two-core machine running them side by side costs the time of the slowest.
// Prints each tool's output after it ends and exits non-zero if any of them failed.
//
// Prettier and tsc keep what they learnt in node_modules/.cache (a fresh clone, as in CI,
// starts without it): Prettier skips files whose content and options are unchanged, and
// tsc rechecks only the files a change can reach (its own --incremental bookkeeping).
// ESLint gets no cache: its type-aware rules read other files' types, and its cache only
// notices a change to the file itself, so it could pass a file an import broke.
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
  { name: 'eslint', args: ['eslint', '--max-warnings', '0', '.'] },
  { name: 'tsc', args: ['tsc', '-p', 'tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', `${CACHE}/tsconfig.tsbuildinfo`] },
];

function run({ name, args }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
