import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KyselyPlugin } from 'kysely';
import { buildApp, type AppDeps } from '../../src/build-app.js';
import { importBundle } from '../../src/importers/bundle/import-bundle.js';
import { openStore, type Store } from '../../src/store/store.js';

// The app built in this process on a fresh SQLite file, for tests that need to reach
// inside (count queries, break the database, stall the event loop). Everything else
// goes through the real server process (server.ts).

export interface InProcessApp {
  app: Awaited<ReturnType<typeof buildApp>>;
  store: Store;
  close(): Promise<void>;
}

export async function startInProcessApp(
  options: {
    bundle?: string;
    plugin?: KyselyPlugin;
    app?: Partial<
      Pick<
        AppDeps,
        'maxEventLoopDelayMs' | 'maxInFlight' | 'metricsToken' | 'httpTimeouts' | 'liveStreamMaxConnections' | 'liveStreamHeartbeatMs'
      >
    >;
  } = {},
): Promise<InProcessApp> {
  const dir = await mkdtemp(path.join(tmpdir(), 'masthead-app-'));
  const store = await openStore({ engine: 'sqlite', file: path.join(dir, 'masthead.db') });
  await store.migrate();
  const mediaDir = path.join(dir, 'media');
  if (options.bundle) {
    const result = await importBundle({ store, file: options.bundle, mediaDir });
    if (!result.ok) throw new Error(`fixture bundle is invalid:\n${result.problems.join('\n')}`);
  }
  const app = await buildApp({
    db: options.plugin ? store.db.withPlugin(options.plugin) : store.db,
    dialect: store.dialect,
    siteUrl: 'http://127.0.0.1',
    mediaDir,
    logLevel: 'silent',
    assets: { stylesheet: '/assets/site.css', script: '/assets/site.js', fonts: [], icon: '/assets/icon.svg' },
    ...options.app,
  });
  await app.ready();
  return {
    app,
    store,
    async close() {
      await app.close();
      await store.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
