// Formatting, lint and types at once: Prettier, ESLint (type-aware) and tsc each take one
// core, so on a two-core machine running them side by side costs the time of the slowest.
// Prints each tool's output after it ends and exits non-zero if any of them failed.
import { spawn } from 'node:child_process';

const CHECKS = [
  { name: 'prettier', args: ['prettier', '--check', '--log-level', 'warn', '.'] },
  { name: 'eslint', args: ['eslint', '--max-warnings', '0', '.'] },
  { name: 'tsc', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
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
