import { parseArgs } from 'node:util';
import { createApiKey } from '../api/api-keys.js';
import { recordAudit } from '../audit/record-audit.js';
import { apiKeyName } from '../store/audit/audit-repository.js';
import type { Config } from '../config/config.js';
import { listApiKeys, revokeApiKey } from '../store/access/api-key-repository.js';
import type { Store } from '../store/store.js';

// `masthead apikey create --name N --scope content|admin` prints a new key once (SPEC §1);
// `apikey list` shows prefixes only; `apikey revoke ID` stops a key working at once.

const USAGE = `Usage: masthead apikey create --name NAME --scope content|admin
       masthead apikey list
       masthead apikey revoke ID`;

export async function apikeyCommand(args: string[], store: Store, _config: Config): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    let values: { name?: string; scope?: string };
    try {
      ({ values } = parseArgs({
        args: rest,
        options: { name: { type: 'string' }, scope: { type: 'string' } },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      console.error((error as Error).message);
      return usage();
    }
    const name = values.name?.trim() ?? '';
    if (!name || name.length > 100) {
      console.error('--name is required (at most 100 characters).');
      return usage();
    }
    if (values.scope !== 'content' && values.scope !== 'admin') {
      console.error('--scope must be "content" or "admin".');
      return usage();
    }
    const created = await createApiKey(store.db, name, values.scope, new Date());
    console.log(created.key);
    console.error(`Created ${values.scope} key #${created.id} "${name}" (${created.prefix}…). It is shown only this once; store it now.`);
    return 0;
  }
  if (sub === 'list' && rest.length === 0) {
    for (const key of await listApiKeys(store.db)) {
      const state = key.revoked_at ? `revoked ${key.revoked_at}` : `last used ${key.last_used_at ?? 'never'}`;
      console.log(`${key.id}\t${key.scope}\t${key.key_prefix}…\t${key.name}\t${state}`);
    }
    return 0;
  }
  if (sub === 'revoke' && rest.length === 1 && /^[1-9]\d{0,9}$/.test(rest[0]!)) {
    if (!(await revokeApiKey(store.db, Number(rest[0]), new Date().toISOString()))) {
      console.error(`No active API key #${rest[0]}.`);
      return 1;
    }
    const id = Number(rest[0]);
    await recordAudit(store.db, {
      action: 'api-key.revoked',
      target: { kind: 'api-key', id, label: (await apiKeyName(store.db, id)) ?? '' },
    });
    console.log(`Revoked API key #${rest[0]}.`);
    return 0;
  }
  return usage();
}

function usage(): number {
  console.error(USAGE);
  return 2;
}
