import cluster from 'node:cluster';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from './config/config.js';
import { ownerSetupLink } from './auth/owner-setup.js';
import { readAssetsManifest, readNewsroomAssets } from './http/assets-manifest.js';
import { storyEventSink } from './editorial/story-events.js';
import { storyJobHandlers } from './editorial/story-jobs.js';
import type { JobKind } from './jobs/job-kinds.js';
import { startJobWorker, type JobHandler, type JobWorker } from './jobs/worker.js';
import { mailerFor, outboxDirOf } from './mail/mailer.js';
import { bookRoundups, newsletterJobHandlers } from './newsletter/newsletter-jobs.js';
import { mediaVariantsHandler } from './media/media-jobs.js';
import { createSafeFetch, outboundPolicyFromEnv } from './net/safe-fetch.js';
import { webhookDeliveryHandler } from './webhooks/webhooks.js';
import { buildApp } from './build-app.js';
import { cdnPurgeHandler } from './cdn/cdn-purge-job.js';
import { cdnPurgerFor } from './cdn/cdn-settings.js';
import { enqueueCdnPurges } from './cdn/purge-on-change.js';
import { setPostalAddress } from './store/publication/settings-repository.js';
import { openMigratedStore, openStore, type Store } from './store/store.js';

// The one place that wires things: config → store → app → listen.

export const DEMO_BUNDLE = fileURLToPath(new URL('../demo/bundle.json', import.meta.url));
/** The invented magazine's address for its newsletter footer: settings, not content, so not in the bundle. */
const DEMO_POSTAL_ADDRESS = fileURLToPath(new URL('../demo/postal-address.txt', import.meta.url));

/** Imports the demo publication when the database holds no stories and no publication. */
export async function seedDemoIfEmpty(store: Store, config: Config): Promise<boolean> {
  const anyArticle = await store.db.selectFrom('articles').select('id').limit(1).executeTakeFirst();
  const publication = await store.db.selectFrom('publication').select('id').executeTakeFirst();
  if (anyArticle || publication || !existsSync(DEMO_BUNDLE)) return false;
  // Loaded on demand: the importer pulls in sharp, markdown-it and the sanitizer, which
  // a server that only serves pages does not need in memory.
  const { importBundle } = await import('./importers/bundle/import-bundle.js');
  const result = await importBundle({ store, file: DEMO_BUNDLE, mediaDir: config.mediaDir });
  if (!result.ok) throw new Error(`The demo bundle is invalid:\n${result.problems.join('\n')}`);
  if (existsSync(DEMO_POSTAL_ADDRESS)) await setPostalAddress(store.db, readFileSync(DEMO_POSTAL_ADDRESS, 'utf8').trim());
  return true;
}

export async function serve({ seed }: { seed: boolean }): Promise<void> {
  const config = loadConfig();
  if (cluster.isPrimary) {
    const store = await openMigratedStore(config.database);
    if (seed && (await seedDemoIfEmpty(store, config))) console.log('Seeded the demo publication.');
    if (config.webConcurrency > 1) {
      let stopping = false;
      for (let i = 0; i < config.webConcurrency; i++) cluster.fork();
      cluster.on('exit', (worker, code) => {
        if (stopping) return;
        console.error(`worker ${worker.process.pid} exited (${code}); starting another`);
        cluster.fork();
      });
      // Workers finish their in-flight requests; the primary leaves when the last one has.
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          stopping = true;
          for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
          cluster.on('exit', () => {
            if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
          });
        });
      }
      announce(config, await ownerSetupLink(store.db, config.siteUrl, new Date()));
      await store.close();
      return;
    }
    await listen(config, store, await ownerSetupLink(store.db, config.siteUrl, new Date()));
    return;
  }
  await listen(config, await openStore(config.database));
}

/** Serves until a signal; a single process announces itself (and the set-up link) once bound. */
async function listen(config: Config, store: Store, setupLink?: string | null): Promise<void> {
  // A file-size limit (RLIMIT_FSIZE) reached mid-write would kill the process by default;
  // ignored, the write fails with EFBIG and the upload gets a clear refusal instead.
  process.on('SIGXFSZ', () => {});
  const events = storyEventSink(config.siteUrl);
  const mailer = mailerFor(config);
  const purger = cdnPurgerFor(config.cdn);
  // Set once the job worker runs; a purge enqueued before that waits for its first poll.
  const jobs: { worker?: JobWorker } = {};
  const app = await buildApp({
    db: store.db,
    readerDb: store.readerDb,
    dialect: store.dialect,
    siteUrl: config.siteUrl,
    mediaDir: config.mediaDir,
    assets: readAssetsManifest(),
    logLevel: config.logLevel,
    pageCacheBytes: config.pageCacheBytes,
    ...(purger && {
      onContentChanges: (changes) =>
        void enqueueCdnPurges(store.db, changes).then(
          () => jobs.worker?.wake(),
          (error: unknown) => app.log.warn({ err: error }, 'cannot enqueue a CDN purge'),
        ),
    }),
    newsroom: {
      secretKey: config.secretKey,
      mailer,
      mailFrom: config.mailFrom,
      assets: readNewsroomAssets(),
      events,
      outboxDir: config.smtpUrl ? null : outboxDirOf(config),
    },
    newsletterEventsSecret: config.newsletterEventsSecret,
    trustProxy: config.trustProxy,
    maxEventLoopDelayMs: config.overload.maxEventLoopDelayMs,
    maxInFlight: config.overload.maxInFlight,
    metricsToken: config.metricsToken,
    poolUse: () => store.poolUse(),
    httpTimeouts: config.http,
    mediaLimits: config.media,
    liveStreamMaxConnections: config.liveStreamMaxConnections,
  });
  app.addHook('onClose', async () => {
    mailer.close();
    await store.close();
  });
  await app.listen({ port: config.port, host: config.host });
  // Printed before the first request can be answered, so whoever sees /healthz answer sees this.
  if (setupLink !== undefined) announce(config, setupLink);
  // Every process (and every cluster worker) runs the job worker; claims are atomic.
  const handlers: Record<JobKind, JobHandler> = {
    ...storyJobHandlers({ db: store.db, events, dialect: store.dialect }),
    'media.variants': mediaVariantsHandler({ db: store.db, mediaDir: config.mediaDir }),
    'webhook.deliver': webhookDeliveryHandler({ db: store.db, fetch: createSafeFetch(outboundPolicyFromEnv(config.outboundAllowPrivate)) }),
    'cdn.purge': cdnPurgeHandler({ purger }),
    ...newsletterJobHandlers({
      db: store.db,
      mailer,
      siteUrl: config.siteUrl,
      secretKey: config.secretKey,
      mailFrom: config.mailFrom,
      log: app.log,
    }),
  };
  await bookRoundups(store.db, new Date());
  // Three at once, so a newsletter send (minutes long) never holds up a scheduled publish.
  const worker = startJobWorker({ db: store.db, dialect: store.dialect, handlers, log: app.log, concurrency: 3 });
  jobs.worker = worker;
  // Shutdown finishes in-flight requests and jobs before the database closes (SECURITY.md, promise 9).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(
      signal,
      () =>
        void worker
          .stop()
          .then(() => app.close())
          .then(() => process.exit(0)),
    );
  }
}

function announce(config: Config, setupLink: string | null): void {
  console.log(`Masthead is serving ${config.siteUrl}/ (listening on ${config.host}:${config.port})`);
  console.log(`The newsroom is at ${config.siteUrl}/admin`);
  // Shown only while nobody can sign in; each start makes a fresh link and retires the last.
  if (setupLink) console.log(`No staff account exists yet. Create the owner account (one-time link, valid 24 hours):\n  ${setupLink}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  serve({ seed: true }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
