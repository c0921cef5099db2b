import { parseArgs } from 'node:util';
import { recordAudit } from '../audit/record-audit.js';
import type { Config } from '../config/config.js';
import { outboundPolicyFromEnv } from '../net/safe-fetch.js';
import { deleteWebhook, listWebhooks } from '../store/jobs/webhook-repository.js';
import type { Store } from '../store/store.js';
import { registerWebhook, WEBHOOK_EVENTS, WebhookInputError } from '../webhooks/webhooks.js';

// `masthead webhook add --url URL --events article.published,article.updated` prints the
// signing secret once; `webhook list` never shows secrets; `webhook remove ID`.

const USAGE = `Usage: masthead webhook add --url URL --events ${WEBHOOK_EVENTS.join(',')}
       masthead webhook list
       masthead webhook remove ID`;

function usage(): number {
  console.error(USAGE);
  return 2;
}

export async function webhookCommand(args: string[], store: Store, config: Config): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') {
    let values: { url?: string; events?: string };
    try {
      ({ values } = parseArgs({
        args: rest,
        options: { url: { type: 'string' }, events: { type: 'string' } },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      console.error((error as Error).message);
      return usage();
    }
    try {
      const events = (values.events ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      const created = await registerWebhook(
        store.db,
        { url: values.url ?? '', events },
        outboundPolicyFromEnv(config.outboundAllowPrivate),
      );
      console.log(created.secret);
      console.error(`Created webhook #${created.id}. The line above is its signing secret, shown only this once.`);
      return 0;
    } catch (error) {
      if (error instanceof WebhookInputError) {
        console.error(`${error.message}; nothing was stored.`);
        return 1;
      }
      throw error;
    }
  }
  if (sub === 'list' && rest.length === 0) {
    for (const hook of await listWebhooks(store.db))
      console.log(`${hook.id}\t${hook.active ? 'active' : 'paused'}\t${hook.events.join(',')}\t${hook.url}`);
    return 0;
  }
  if (sub === 'remove' && rest.length === 1 && /^[1-9]\d{0,9}$/.test(rest[0]!)) {
    if (!(await deleteWebhook(store.db, Number(rest[0])))) {
      console.error(`No webhook #${rest[0]}.`);
      return 1;
    }
    await recordAudit(store.db, { action: 'webhook.removed', target: { kind: 'webhook', id: Number(rest[0]), label: '' } });
    console.log(`Removed webhook #${rest[0]}.`);
    return 0;
  }
  return usage();
}
