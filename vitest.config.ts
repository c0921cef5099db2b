import { defineConfig } from 'vitest/config';
import { LongFilesFirst } from './test/long-files-first.js';

// The layers, chosen by test/run.mjs through --project names:
// - unit: pure code beside the source;
// - store: each entity's queries (src/store/**/*.store.test.ts) on SQLite and PostgreSQL;
// - inject: the app built in this process (Fastify inject, a real SQLite file);
// - http: the real server process on SQLite and PostgreSQL;
// - e2e: the real server and one shared Chromium (each file its own browser contexts);
// - http-serial: the file whose worker processes hold one-second job leases, so a process
//   starved of CPU for a second would fail it: it runs alone, after the rest.
// Every other layer shares one pool of three workers on CI's two cores (the server and
// browser files spend much of their time waiting on a child process, so a third file
// fills the gaps: 446 s of tests against 474-493 s with two), with no barrier between
// layers, long files first (test/long-files-first.ts).
const SERIAL_HTTP = ['test/http/job-worker-processes.test.ts'];
const SERVER_LAYER = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    maxWorkers: 3,
    // Files of a worker share its module cache: pure code and tests whose state lives in
    // their own server, database, folder and browser context (no module mocks anywhere).
    isolate: false,
    sequence: { sequencer: LongFilesFirst },
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}'], exclude: ['src/**/*.store.test.ts'] } },
      { extends: true, test: { name: 'store', include: ['src/store/**/*.store.test.ts'], ...SERVER_LAYER } },
      { extends: true, test: { name: 'inject', include: ['test/inject/**/*.test.ts'], ...SERVER_LAYER } },
      { extends: true, test: { name: 'http', include: ['test/http/**/*.test.ts'], exclude: SERIAL_HTTP, ...SERVER_LAYER } },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/setup/shared-chromium.ts'], ...SERVER_LAYER },
      },
      {
        extends: true,
        test: { name: 'http-serial', include: SERIAL_HTTP, ...SERVER_LAYER, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
