import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { STRICT_OUTBOUND } from '../../src/net/safe-fetch.js';
import { listWebhooks } from '../../src/store/jobs/webhook-repository.js';
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature.js';
import { enqueueWebhookEvent, registerWebhook, WebhookInputError } from '../../src/webhooks/webhooks.js';
import { freshQueueDatabase, spawnWorker, waitFor, type QueueDatabase, type WorkerProcess } from '../helpers/job-workers.js';
import { engines } from '../helpers/server.js';

// Webhook deliveries from a worker process to a real receiver on loopback (allowed for
// this one port only, through the outbound policy's test switch).

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function receiver(answers: number[]) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answers[received.length - 1] ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.each(engines())('webhooks on %s', (engine) => {
  let database: QueueDatabase | undefined;
  let worker: WorkerProcess | undefined;
  let close = async (): Promise<unknown> => undefined;

  afterEach(async () => {
    await worker?.kill();
    worker = undefined;
    await close();
    await database?.drop();
    database = undefined;
  });

  it('delivers a signed event, retrying after the receiver first answers 500', async () => {
    database = await freshQueueDatabase(engine);
    const { db } = database.store;
    const hook = await receiver([500]);
    close = hook.close;
    const policy = { privateTargetPorts: [hook.port] };
    const subscribed = await registerWebhook(
      db,
      { url: `http://127.0.0.1:${hook.port}/hook`, events: ['article.published', 'article.updated'] },
      policy,
    );
    await registerWebhook(db, { url: `http://127.0.0.1:${hook.port}/other`, events: ['article.unpublished'] }, policy);
    expect(subscribed.secret).toMatch(/^whsec_[\w-]{43}$/);

    const story = { id: 42, slug: 'harbour-strike', title: 'The harbour strike' };
    const [deliveryId] = await db.transaction().execute((trx) => enqueueWebhookEvent(trx, 'article.published', story));
    worker = await spawnWorker({
      databaseUrl: database.url,
      workerId: 'w',
      pollMs: 20,
      privatePorts: [hook.port],
      backoff: { baseMs: 200, maxMs: 400 },
    });

    await waitFor(
      async () => (await db.selectFrom('jobs').select('state').where('id', '=', deliveryId!).executeTakeFirstOrThrow()).state === 'done',
      15_000,
      'the delivery to succeed',
    );
    expect(hook.received).toHaveLength(2);
    for (const { headers, body } of hook.received) {
      expect(headers['x-masthead-event']).toBe('article.published');
      expect(headers['x-masthead-delivery']).toBe(String(deliveryId));
      expect(headers['content-type']).toBe('application/json');
      const timestamp = String(headers['x-masthead-timestamp']);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
      expect(
        verifyWebhookSignature({ secret: subscribed.secret, timestamp, body, signature: String(headers['x-masthead-signature']) }),
      ).toBe(true);
      const parsed = JSON.parse(body) as { event: string; occurred_at: string; data: unknown };
      expect([parsed.event, parsed.data]).toEqual(['article.published', story]);
      expect(new Date(parsed.occurred_at).toISOString()).toBe(parsed.occurred_at);
    }
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', deliveryId!).executeTakeFirstOrThrow();
    expect([row.attempts, row.last_error]).toEqual([2, null]);
    // The webhook subscribed only to unpublished got nothing.
    expect(await db.selectFrom('jobs').select('id').execute()).toHaveLength(1);
  });

  it('enqueues nothing when the story change rolls back', async () => {
    database = await freshQueueDatabase(engine);
    const { db } = database.store;
    await registerWebhook(db, { url: 'https://hooks.example.com/masthead', events: ['article.unpublished'] }, STRICT_OUTBOUND);
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await enqueueWebhookEvent(trx, 'article.unpublished', { id: 1 })).toHaveLength(1);
        throw new Error('the unpublish failed');
      }),
    ).rejects.toThrow('the unpublish failed');
    expect(await db.selectFrom('jobs').select('id').execute()).toEqual([]);
  });

  it('refuses a private or non-web URL and unknown events, storing nothing, and never lists a secret', async () => {
    database = await freshQueueDatabase(engine);
    const { db } = database.store;
    for (const url of [
      'http://127.0.0.1/hook',
      'http://169.254.169.254/',
      'http://[::ffff:10.0.0.1]/',
      'https://hooks.example.com:8443/',
      'ftp://hooks.example.com/',
      'https://user:secret@hooks.example.com/in',
      'https://token@hooks.example.com/in',
      'hooks',
    ]) {
      const error = await registerWebhook(db, { url, events: ['article.published'] }, STRICT_OUTBOUND).catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(WebhookInputError);
      expect((error as WebhookInputError).code, url).toBe('WEBHOOK_URL_REFUSED');
    }
    const badEvents = await registerWebhook(db, { url: 'https://hooks.example.com/', events: ['article.deleted'] }, STRICT_OUTBOUND).catch(
      (e: unknown) => e,
    );
    expect((badEvents as WebhookInputError).code).toBe('WEBHOOK_EVENTS_INVALID');
    expect(await listWebhooks(db)).toEqual([]);

    await registerWebhook(db, { url: 'https://hooks.example.com/in', events: ['article.updated'] }, STRICT_OUTBOUND);
    const listed = await listWebhooks(db);
    expect(listed).toMatchObject([{ url: 'https://hooks.example.com/in', events: ['article.updated'], active: true }]);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
  });
});
