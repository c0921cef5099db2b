import { defineConfig } from 'vitest/config';

// The layers, chosen by test/run.mjs through --project names:
// - unit: pure code beside the source;
// - store: each entity's queries (src/store/**/*.store.test.ts) on SQLite and PostgreSQL;
// - inject: the app built in this process (Fastify inject, a real SQLite file);
// - http: the real server process on SQLite and PostgreSQL, files two at a time;
// - http-serial: files that measure pacing or load, or run several processes, alone;
// - e2e: the real server and one shared Chromium (a fresh context per test).
// Groups run one after another (vitest's sequence.groupOrder): first everything that may
// share the two cores, then the serial files by themselves, then the browser layer.
const SERIAL_HTTP = ['test/http/job-worker-processes.test.ts', 'test/http/newsletter-crash.test.ts', 'test/http/newsletter-send.test.ts'];

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}'], exclude: ['src/**/*.store.test.ts'], maxWorkers: 2 } },
      {
        extends: true,
        test: {
          name: 'store',
          include: ['src/store/**/*.store.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'inject', include: ['test/inject/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000, maxWorkers: 2 },
      },
      {
        extends: true,
        test: {
          name: 'http',
          include: ['test/http/**/*.test.ts'],
          exclude: SERIAL_HTTP,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'http-serial',
          include: SERIAL_HTTP,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/shared-chromium.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
