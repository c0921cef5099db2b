import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createApiKey } from '../../src/api/api-keys.js';
import { storyEventSink } from '../../src/editorial/story-events.js';
import { storyJobHandlers } from '../../src/editorial/story-jobs.js';
import { buildApp } from '../../src/build-app.js';
import { importBundle } from '../../src/importers/bundle/import-bundle.js';
import { startJobWorker } from '../../src/jobs/worker.js';
import { createMailer } from '../../src/mail/mailer.js';
import type { TrustProxy } from '../../src/http/trusted-proxy.js';
import type { NewsroomAssets } from '../../src/render/newsroom/newsroom-view.js';
import type { StaffRole } from '../../src/store/schema.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createPgDatabase, type Engine } from './server.js';
import { insertStaffRow } from './staff-rows.js';
import { waitUntil } from './wait-until.js';

// The whole app (reader site, newsroom, APIs) built in this process with `inject()`, on
// either engine, for route rules that need the newsroom or the admin API. Several apps
// may share one database: each is what one server process holds in memory (its page
// cache), so a write through one and a read through another is what two processes see.

const SITE_URL = 'http://127.0.0.1';
const ASSETS = { stylesheet: '/assets/site.css', script: '/assets/site.js', fonts: [], icon: '/assets/icon.svg' };
const NEWSROOM_ASSETS: NewsroomAssets = { stylesheet: '/assets/newsroom.css', icon: '/assets/icon.svg', scripts: [] };

export type App = Awaited<ReturnType<typeof buildApp>>;

export interface NewsroomSite {
  engine: Engine;
  store: Store;
  mediaDir: string;
  /** The first app; `anotherApp()` makes more on the same database. */
  app: App;
  anotherApp(): Promise<App>;
  /** An admin API key's bearer token. */
  adminKey(): Promise<string>;
  /** Calls /api/admin with the admin key; the body is parsed JSON. */
  api(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  /**
   * Runs the scheduled-story jobs (publish, unpublish) as a server process would, until
   * `done()` holds or `timeoutMs` passes (then it fails naming `what`).
   */
  runStoryJobsUntil(done: () => Promise<boolean>, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startNewsroomSite(options: {
  engine: Engine;
  bundle?: string;
  /** Mail goes to this SMTP server instead of the outbox folder. */
  smtpUrl?: string;
  /** TRUST_PROXY for every app of this site. */
  trustProxy?: TrustProxy;
}): Promise<NewsroomSite> {
  const dir = await mkdtemp(path.join(tmpdir(), `masthead-newsroom-${options.engine}-`));
  let drop = async () => {};
  let store: Store;
  if (options.engine === 'sqlite') {
    store = await openStore({ engine: 'sqlite', file: path.join(dir, 'masthead.db') });
  } else {
    const database = await createPgDatabase();
    drop = database.drop;
    store = await openStore({ engine: 'postgres', url: database.url });
  }
  await store.migrate();
  const mediaDir = path.join(dir, 'media');
  if (options.bundle) {
    const result = await importBundle({ store, file: options.bundle, mediaDir });
    if (!result.ok) throw new Error(`fixture bundle is invalid:\n${result.problems.join('\n')}`);
  }
  const events = storyEventSink(SITE_URL);
  const mailer = createMailer({
    smtpUrl: options.smtpUrl ?? null,
    from: 'Newsroom <news@example.org>',
    outboxDir: path.join(dir, 'outbox'),
  });
  const apps: App[] = [];
  const makeApp = async () => {
    const app = await buildApp({
      db: store.db,
      dialect: store.dialect,
      siteUrl: SITE_URL,
      mediaDir,
      logLevel: 'silent',
      assets: ASSETS,
      // No load shedding: on a busy test machine a slow event-loop sample would answer 503
      // to a test that is not about overload (overload.test.ts is).
      maxEventLoopDelayMs: 0,
      ...(options.trustProxy && { trustProxy: options.trustProxy }),
      newsroom: {
        secretKey: 'a test secret of at least thirty-two characters',
        mailer,
        mailFrom: 'news@example.org',
        assets: NEWSROOM_ASSETS,
        events,
        outboxDir: path.join(dir, 'outbox'),
      },
    });
    await app.ready();
    apps.push(app);
    return app;
  };
  const app = await makeApp();
  let key: string | null = null;
  const adminKey = async () => (key ??= (await createApiKey(store.db, 'tests', 'admin', new Date())).key);

  return {
    engine: options.engine,
    store,
    mediaDir,
    app,
    anotherApp: makeApp,
    adminKey,
    async api(method, url, body) {
      const response: LightMyRequestResponse = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${await adminKey()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      return { status: response.statusCode, json: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {} };
    },
    async runStoryJobsUntil(done, what, timeoutMs = 20_000) {
      const worker = startJobWorker({
        db: store.db,
        dialect: store.dialect,
        pollMs: 25,
        handlers: storyJobHandlers({ db: store.db, events, dialect: store.dialect }),
        log: { info: () => {}, warn: () => {}, error: (message) => process.stderr.write(`${message}\n`) },
      });
      try {
        await waitUntil(done, timeoutMs, what);
      } finally {
        await worker.stop();
      }
    },
    async close() {
      for (const each of apps) await each.close();
      mailer.close();
      await store.close().catch(() => {});
      await drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A staff row with a low-cost hash (test/helpers/staff-rows.ts). */
export function addStaffRow(store: Store, staff: { email: string; name: string; role: StaffRole; password: string }): Promise<number> {
  return insertStaffRow(store.db, staff);
}
