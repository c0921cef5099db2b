import { spawn, type ChildProcess } from 'node:child_process';
import { stopChild } from './stop-child.js';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, repoRoot } from './server.js';

// Debian's varnishd as the test's own child: on a free loopback port, its own working
// folder (-n, so it never meets a system instance or another test's), in the foreground
// (-F) so it dies with us, with the VCL a deployment ships (deploy/varnish/default.vcl)
// pointed at the test's origin. `.ci/run` installs the package.

export const VARNISHD = process.env.MASTHEAD_VARNISHD ?? '/usr/sbin/varnishd';
export const SHIPPED_VCL = path.join(repoRoot, 'deploy', 'varnish', 'default.vcl');

const STARTUP_TIMEOUT_MS = 20_000;
const OUTPUT_TAIL = 10_000;

export interface Varnish {
  /** "http://127.0.0.1:PORT", what readers (and the tests) fetch through. */
  url: string;
  port: number;
  /** What Masthead's VARNISH_PURGE_URL is set to. */
  purgeUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export interface VarnishOptions {
  /** The origin's port on 127.0.0.1. */
  backendPort: number;
  /** Where Varnish listens (default: a free port); pass one chosen before the origin started to give the origin its purge URL. */
  port?: number;
  /** Sets the VCL's shared purge secret (VARNISH_PURGE_TOKEN). */
  purgeToken?: string;
}

/** The shipped VCL with its backend (and optionally its purge token) set, as a deployment renders it. */
export async function renderVcl(options: { backendPort: number; purgeToken?: string }): Promise<string> {
  const shipped = await readFile(SHIPPED_VCL, 'utf8');
  let rendered = replaceOnce(shipped, /\.port = "\d+"; # MASTHEAD_PORT/, `.port = "${options.backendPort}"; # MASTHEAD_PORT`);
  rendered = replaceOnce(rendered, /\.host = "[^"]*"; # MASTHEAD_HOST/, '.host = "127.0.0.1"; # MASTHEAD_HOST');
  if (options.purgeToken !== undefined) {
    rendered = replaceOnce(
      rendered,
      /set req\.http\.X-Masthead-Expected-Token = "";/,
      `set req.http.X-Masthead-Expected-Token = "${options.purgeToken}";`,
    );
  }
  return rendered;
}

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`${SHIPPED_VCL} no longer has the line ${pattern.source} that deployments and tests replace`);
  return text.replace(pattern, replacement);
}

export async function startVarnish(options: VarnishOptions): Promise<Varnish> {
  if (!existsSync(VARNISHD)) {
    throw new Error(`${VARNISHD} is missing: install Debian's varnish package (apt-get install varnish; .ci/run does)`);
  }
  const workDir = await mkdtemp(path.join(tmpdir(), 'masthead-varnish-'));
  const port = options.port ?? (await freePort());
  const vclFile = path.join(workDir, 'default.vcl');
  await writeFile(vclFile, await renderVcl(options));
  const child = spawn(
    VARNISHD,
    [
      '-F',
      '-n',
      path.join(workDir, 'instance'),
      '-a',
      `127.0.0.1:${port}`,
      '-f',
      vclFile,
      '-s',
      'malloc,32m',
      // No management port and no privilege drop: the test owns this instance alone.
      '-T',
      'none',
      '-j',
      'none',
      // Small: a test needs a handful of threads and a small shared-memory log.
      '-p',
      'thread_pools=1',
      '-p',
      'thread_pool_min=5',
      '-p',
      'thread_pool_max=50',
      '-p',
      'vsl_space=1M',
      // Bans prompt: the lurker looks at every ban at once and often. (Lookups test
      // bans anyway; this keeps the ban list and the banned objects from piling up.)
      '-p',
      'ban_lurker_age=0',
      '-p',
      'ban_lurker_sleep=0.01',
      '-p',
      'ban_dups=on',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await waitForVarnish(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, purgeUrl: `${url}/`, output: () => output, stop };
}

/** Ready when a BAN without keys gets the VCL's own refusal (400, or 403 with a token set): the VCL is loaded, the origin is not asked. */
async function waitForVarnish(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const state = { exited: '' };
  child.once('exit', (code, signal) => {
    state.exited = `exited with ${code ?? signal}`;
  });
  let last = '';
  while (Date.now() < deadline) {
    if (state.exited) throw new Error(`varnishd ${state.exited} before it answered\n${output()}`);
    try {
      const response = await fetch(url, { method: 'BAN', signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 400 || response.status === 403) return;
      last = `BAN → ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`varnishd did not answer within ${STARTUP_TIMEOUT_MS} ms (last: ${last})\n${output()}`);
}
