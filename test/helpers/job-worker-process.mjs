#!/usr/bin/env node
// A job worker in its own process, for the queue tests: it opens the store the way the
// server does (dist/, built by `npm run build`) and runs startJobWorker until SIGTERM
// (a graceful stop) or SIGKILL. One JSON argument configures it:
//   { databaseUrl, workerId, mode: "record" | "hang", outFile, pollMs, leaseMs,
//     backoff?, privatePorts? }
// Handlers: "test.record" appends "<job id> <worker id>" to outFile ("hang" mode appends
// "started <job id>" and never returns); "webhook.deliver" is the real delivery handler.
import { appendFileSync } from 'node:fs';
import { parseDatabaseUrl } from '../../dist/config/config.js';
import { startJobWorker } from '../../dist/jobs/worker.js';
import { createSafeFetch } from '../../dist/net/safe-fetch.js';
import { openStore } from '../../dist/store/store.js';
import { webhookDeliveryHandler } from '../../dist/webhooks/webhooks.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const store = await openStore(parseDatabaseUrl(options.databaseUrl));

const handlers = {
  'test.record': async (_payload, context) => {
    if (options.mode === 'hang') {
      appendFileSync(options.outFile, `started ${context.jobId}\n`);
      await new Promise(() => {});
    }
    appendFileSync(options.outFile, `${context.jobId} ${options.workerId}\n`);
  },
  'webhook.deliver': webhookDeliveryHandler({
    db: store.db,
    fetch: createSafeFetch({ privateTargetPorts: options.privatePorts ?? [] }),
    timeoutMs: 2_000,
  }),
};

const worker = startJobWorker({
  db: store.db,
  dialect: store.dialect,
  handlers,
  workerId: options.workerId,
  pollMs: options.pollMs ?? 50,
  leaseMs: options.leaseMs ?? 5_000,
  backoff: options.backoff,
  log: { info: () => {}, warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) },
});

process.once('SIGTERM', async () => {
  await worker.stop();
  await store.close();
  process.exit(0);
});
process.stdout.write('ready\n');
